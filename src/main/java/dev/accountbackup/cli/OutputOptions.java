package dev.accountbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.accountbackup.engine.manifest.ManifestJson;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The --output option shared by the commands that report results. */
final class OutputOptions {

    enum Format {
        text,
        json
    }

    private static final ObjectMapper JSON = ManifestJson.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--output",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "text for people (default), json for scripts: one JSON object on standard output")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
