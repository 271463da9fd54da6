package dev.accountbackup.operator.metrics;

import dev.accountbackup.api.AccountRestore;
import dev.accountbackup.api.AccountRestoreStatus;
import dev.accountbackup.api.Phase;
import dev.accountbackup.api.RestoredTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The gauges of each AccountRestore, read from its status at scrape time: a restore runs once, its status says how. */
final class RestoreGauges {

    static final String PHASE = "accountrestore.phase";
    static final String ROWS = "accountrestore.rows";
    static final String DURATION = "accountrestore.duration";
    static final String COMPLETED = "accountrestore.completion.timestamp";
    static final String DRY_RUN = "accountrestore.dry.run";

    private final GaugeSet gauges;

    RestoreGauges(MeterRegistry registry) {
        gauges = new GaugeSet(registry);
        gauges.define(
                PHASE,
                null,
                "1 for the restore's current phase (Pending, Running, Succeeded, Failed), 0 for the others");
        gauges.define(
                ROWS,
                "rows",
                "Rows the restore inserted, updated and deleted (change label); for a dry run, those it would change");
        gauges.define(DURATION, "seconds", "How long the restore's last attempt took, once it ended");
        gauges.define(COMPLETED, "seconds", "When the restore ended, successfully or not (Unix time)");
        gauges.define(DRY_RUN, null, "1 when the restore was a dry run (nothing changed), else 0");
    }

    void refresh(List<AccountRestore> restores) {
        for (AccountRestore restore : restores) {
            AccountRestoreStatus status = restore.getStatus();
            if (status == null || status.getPhase() == null) {
                continue;
            }
            Tags tags = ResourceLabels.of(restore);
            for (Phase phase : Phase.values()) {
                gauges.add(PHASE, tags.and("phase", phase.name()), phase == status.getPhase() ? 1 : 0);
            }
            gauges.add(DRY_RUN, tags, Boolean.TRUE.equals(status.getDryRun()) ? 1 : 0);
            if (status.getPhase().isFinal()) {
                ResourceLabels.duration(status.getStartedAt(), status.getCompletedAt())
                        .ifPresent(d -> gauges.add(DURATION, tags, d));
                ResourceLabels.time(status.getCompletedAt())
                        .ifPresent(t -> gauges.add(COMPLETED, tags, ResourceLabels.seconds(t)));
            }
            List<RestoredTable> tables = status.getTables();
            if (status.getPhase() == Phase.Succeeded && tables != null && !tables.isEmpty()) {
                gauges.add(ROWS, tags.and("change", "inserted"), sum(tables, RestoredTable::getInserted));
                gauges.add(ROWS, tags.and("change", "updated"), sum(tables, RestoredTable::getUpdated));
                gauges.add(ROWS, tags.and("change", "deleted"), sum(tables, RestoredTable::getDeleted));
            }
        }
        gauges.publish();
    }

    private static double sum(List<RestoredTable> tables, Function<RestoredTable, Long> value) {
        return tables.stream()
                .map(value)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
    }
}
