package dev.accountbackup.operator.snapshot;

import dev.accountbackup.api.SnapshotState;
import dev.accountbackup.api.SnapshotStatus;
import dev.accountbackup.engine.snapshot.SnapshotInfo;
import dev.accountbackup.engine.snapshot.SnapshotKind;
import dev.accountbackup.engine.snapshot.SnapshotProgress;
import dev.accountbackup.engine.snapshot.SnapshotRequest;
import dev.accountbackup.operator.status.Timestamps;
import java.util.ArrayList;
import java.util.List;

/** The RDS snapshot part of a running backup attempt: what was asked for, and the newest progress seen. */
public record SnapshotAttempt(SnapshotRequest request, LatestProgress<SnapshotProgress> progress) {

    public SnapshotAttempt(SnapshotRequest request) {
        this(request, new LatestProgress<>());
    }

    /** Status of the snapshot: its identifier from the start, then what RDS reports. */
    public SnapshotStatus status() {
        return progress.get().map(SnapshotAttempt::status).orElseGet(() -> {
            SnapshotStatus s = new SnapshotStatus();
            s.setIdentifier(request.identifier());
            s.setRegion(request.source().region());
            s.setStatus("requested");
            return s;
        });
    }

    /** E.g. "RDS snapshot accountbackup-shop-nightly-... of instance shop-prod in eu-west-3 (creating, 40%)". */
    public String describe() {
        String text = "RDS snapshot " + request.identifier() + " of " + source();
        SnapshotProgress p = progress.get().orElse(null);
        if (p == null) {
            return text;
        }
        if (!p.snapshot().isAvailable()) {
            return text + " (" + p.snapshot().status() + ", " + p.snapshot().progressPercent() + "%)";
        }
        List<String> copying = new ArrayList<>();
        for (SnapshotInfo copy : p.copies()) {
            if (!copy.isAvailable()) {
                copying.add(copy.region() + " " + copy.status() + " " + copy.progressPercent() + "%");
            }
        }
        int waitingToStart = request.copies().size() - p.copies().size();
        return text
                + (copying.isEmpty() && waitingToStart <= 0
                        ? " (available)"
                        : " (available; copies: " + String.join(", ", copying)
                                + (waitingToStart > 0
                                        ? (copying.isEmpty() ? "" : ", ") + waitingToStart + " to start"
                                        : "")
                                + ")");
    }

    /** "instance shop-prod in eu-west-3" or "cluster shop-aurora in eu-west-3". */
    public String source() {
        return (request.source().kind() == SnapshotKind.CLUSTER ? "cluster " : "instance ")
                + request.source().identifier() + " in " + request.source().region();
    }

    public static SnapshotStatus status(SnapshotProgress progress) {
        SnapshotStatus s = fill(new SnapshotStatus(), progress.snapshot());
        List<SnapshotState> copies = new ArrayList<>();
        for (SnapshotInfo copy : progress.copies()) {
            copies.add(fill(new SnapshotState(), copy));
        }
        s.setCopies(copies);
        return s;
    }

    private static <S extends SnapshotState> S fill(S s, SnapshotInfo info) {
        s.setRegion(info.region());
        s.setIdentifier(info.identifier());
        s.setArn(info.arn());
        s.setStatus(info.status());
        s.setProgressPercent(info.progressPercent());
        s.setAllocatedStorageGiB(info.allocatedStorageGiB());
        s.setEncrypted(info.encrypted());
        s.setCreatedAt(info.createdAt() == null ? null : Timestamps.format(info.createdAt()));
        return s;
    }

    /** E.g. "RDS snapshot accountbackup-... available (20 GiB, encrypted), copied to eu-central-1". */
    public static String summary(SnapshotProgress progress) {
        SnapshotInfo s = progress.snapshot();
        String text = "RDS snapshot " + s.identifier() + " available ("
                + (s.allocatedStorageGiB() == null ? "" : s.allocatedStorageGiB() + " GiB, ")
                + (s.encrypted() ? "encrypted" : "not encrypted") + ")";
        if (!progress.copies().isEmpty()) {
            text += ", copied to "
                    + String.join(
                            ", ",
                            progress.copies().stream().map(SnapshotInfo::region).toList());
        }
        return text;
    }
}
