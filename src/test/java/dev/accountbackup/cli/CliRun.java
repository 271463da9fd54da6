package dev.accountbackup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line in this JVM, as its user sees it: the exit code, standard output and standard error. */
record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The {@code --database} URL of a test database, as a user would type it. */
    static String url(DatabaseTarget db) {
        return "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database();
    }

    /** The standard output read as the JSON of {@code --output json}. */
    JsonNode json() throws Exception {
        return JSON.readTree(out);
    }
}
