package dev.accountbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** bench-fleet refuses what it cannot measure with a clear message and exit code 2, before starting anything. */
class FleetBenchCommandTest {

    @Test
    void anUnknownExecutorIsRefused() {
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "bench-fleet",
                "--executor",
                "threads");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--executor: in-process or jobs"), err.toString());
    }

    @Test
    void aNegativeRunTimeIsRefused() {
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "bench-fleet",
                "--executor",
                "jobs",
                "--run-time",
                "-1");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--run-time at least 0"), err.toString());
    }
}
