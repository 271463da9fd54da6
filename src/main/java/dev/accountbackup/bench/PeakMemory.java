package dev.accountbackup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory of one benchmark phase: heap in use (all heap pools) and the process's resident set. */
final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakMemory() {}

    /** Starts a new phase: forgets earlier peaks. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        try {
            Files.writeString(CLEAR_REFS, "5"); // resets VmHWM (Linux)
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not allowed: the resident peak then covers the whole run
        }
    }

    /** Sum of the heap pools' peaks since {@link #reset()}, in bytes. */
    static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The process's peak resident set (VmHWM), in bytes, or -1 where /proc is not available. */
    static long residentPeak() {
        return statusField(STATUS, "VmHWM:");
    }

    /** Another process's resident set now ({@code VmRSS}) or at its peak ({@code VmHWM}), in bytes, or -1. */
    static long ofProcess(long pid, String field) {
        return statusField(Path.of("/proc", Long.toString(pid), "status"), field + ":");
    }

    private static long statusField(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
