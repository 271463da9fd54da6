package dev.accountbackup.engine.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.ManifestJson;
import dev.accountbackup.engine.storage.BackupLocation;
import java.util.Optional;

/**
 * How a command run ended, written to storage for whoever started it elsewhere (the operator, for a run in a
 * Kubernetes Job): succeeded with its result, or failed with the error's kind and message, which are written for
 * users and hold no credentials or row data. Signed like the manifests of the same folder.
 *
 * @param command the command that ran, e.g. "restore"
 * @param result  what the command printed as JSON; null for a failure
 * @param error   why it failed; null for a success
 */
public record RunReport(String command, JsonNode result, BackupException error) {

    /** Far more than any report: a larger one was not written by this tool. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** The longest error message taken from a report: storage is not trusted. */
    private static final int MAX_MESSAGE = 4000;

    /** Members without a value are left out: signatures cover canonical JSON, which has no nulls. */
    private static final ObjectMapper WITHOUT_NULLS =
            ManifestJson.mapper().copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    public static RunReport succeeded(String command, Object result) {
        return new RunReport(command, WITHOUT_NULLS.valueToTree(result), null);
    }

    public static RunReport failed(String command, BackupException error) {
        return new RunReport(command, null, error);
    }

    public boolean isSuccess() {
        return error == null;
    }

    public void write(BackupLocation folder, String name) {
        ObjectNode tree = ManifestJson.mapper().createObjectNode();
        tree.put("command", command);
        tree.put("outcome", isSuccess() ? "Succeeded" : "Failed");
        if (isSuccess()) {
            tree.set("result", result);
        } else {
            tree.putObject("error").put("kind", error.kind().name()).put("message", error.getMessage());
        }
        folder.writeDocument(name, tree);
    }

    /** The report of that name in the folder, checked against the folder's signing keys; empty when there is none. */
    public static Optional<RunReport> read(BackupLocation folder, String name) {
        return folder.readDocument(name, RunReport.MAX_BYTES).map(tree -> fromTree(tree, folder.uri() + "/" + name));
    }

    private static RunReport fromTree(ObjectNode tree, String where) {
        String command = tree.path("command").asText("");
        String outcome = tree.path("outcome").asText("");
        if (outcome.equals("Succeeded") && tree.hasNonNull("result")) {
            return new RunReport(command, tree.get("result"), null);
        }
        JsonNode error = tree.path("error");
        if (!outcome.equals("Failed")
                || !error.path("kind").isTextual()
                || !error.path("message").isTextual()) {
            throw new BackupException(
                    BackupException.Kind.CORRUPT,
                    "run report " + where + " is not valid: no outcome with its result or error");
        }
        BackupException.Kind kind;
        try {
            kind = BackupException.Kind.valueOf(error.get("kind").asText());
        } catch (IllegalArgumentException e) {
            kind = BackupException.Kind.INTERNAL;
        }
        String message = error.get("message").asText();
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return new RunReport(command, null, new BackupException(kind, message));
    }
}
