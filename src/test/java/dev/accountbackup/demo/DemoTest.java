package dev.accountbackup.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: the lost-accounts story must keep ending with every account back. */
class DemoTest {

    @TempDir
    Path storage;

    @Test
    void theFiftyDeletedAccountsComeBackAndNewerChangesStay() throws Exception {
        StringWriter out = new StringWriter();
        boolean ok = new Demo(new PrintWriter(out, true), storage).run();
        String text = out.toString();
        assertTrue(ok, text);
        assertTrue(text.contains("ok   50 deleted accounts are back exactly as backed up"), text);
        assertTrue(text.contains("ok   10 accounts changed since the backup keep their new values"), text);
        assertTrue(text.contains("users 105, user_identities 142, user_profiles 90"), text);
        assertFalse(text.contains("FAIL"), text);
        assertFalse(text.contains("demo-"), "the database password never appears in the output");
    }
}
