package dev.accountbackup.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/** Comparing and copying statuses as JSON, the way the API server stores them. */
public final class StatusUpdates {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusUpdates() {}

    public static boolean same(Object a, Object b) {
        return tree(a).equals(tree(b));
    }

    /** A deep copy, to derive a new status from the current one without touching the cached resource. */
    public static <S> S copy(S status, Class<S> type) {
        return MAPPER.convertValue(status, type);
    }

    /** A deep copy as a JSON tree. */
    static JsonNode copy(Object status) {
        return tree(status).deepCopy();
    }

    private static JsonNode tree(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        return value == null ? NullNode.getInstance() : MAPPER.valueToTree(value);
    }
}
