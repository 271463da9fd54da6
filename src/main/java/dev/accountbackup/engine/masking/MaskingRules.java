package dev.accountbackup.engine.masking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.accountbackup.engine.BackupException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user asked to mask, before it is checked against a backup: rules by column, written
 * {@code schema.table.column}, and whether columns whose names look personal are masked too.
 */
public record MaskingRules(Map<String, MaskRule> rules, boolean byColumnName) {

    /** The value of {@code default} that masks columns by their names. */
    public static final String BY_COLUMN_NAME = "byColumnName";

    public MaskingRules {
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /**
     * Rules as a spec or a rules file writes them.
     *
     * @param rules   column to a transformation's name or {@code {constant: VALUE}}; may be null
     * @param byDefault null, {@code none}, or {@value #BY_COLUMN_NAME}
     * @throws BackupException (INVALID) naming every problem
     */
    public static MaskingRules parse(Map<String, ?> rules, String byDefault) {
        boolean byName;
        if (byDefault == null || byDefault.equals("none")) {
            byName = false;
        } else if (byDefault.equals(BY_COLUMN_NAME)) {
            byName = true;
        } else {
            throw BackupException.invalid(
                    "default must be byColumnName or none, not '" + Limits.printable(byDefault) + "'");
        }
        Map<String, MaskRule> parsed = new LinkedHashMap<>();
        if (rules != null) {
            if (rules.size() > Limits.MAX_RULES) {
                throw BackupException.invalid(rules.size() + " masking rules; at most " + Limits.MAX_RULES);
            }
            for (Map.Entry<String, ?> e : rules.entrySet()) {
                String column = e.getKey();
                if (column == null || column.split("\\.", -1).length != 3) {
                    throw BackupException.invalid("masking rule '" + Limits.printable(column)
                            + "' must name a column as schema.table.column");
                }
                try {
                    parsed.put(column, MaskRule.parse(e.getValue()));
                } catch (BackupException problem) {
                    throw BackupException.invalid(
                            "masking rule " + Limits.printable(column) + ": " + problem.getMessage());
                }
            }
        }
        if (parsed.isEmpty() && !byName) {
            throw BackupException.invalid("masking has no rules and no default: nothing would be masked");
        }
        return new MaskingRules(parsed, byName);
    }

    /** These rules as a rules document, which {@link #readYaml} reads back as they are (JSON is YAML). */
    public String document() {
        Map<String, Object> byColumn = new LinkedHashMap<>();
        rules.forEach((column, rule) -> byColumn.put(
                column,
                rule.transformation() == Transformation.CONSTANT
                        ? Map.of("constant", rule.constant())
                        : rule.transformation().specName()));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("rules", byColumn);
        document.put("default", byColumnName ? BY_COLUMN_NAME : "none");
        try {
            return new ObjectMapper().writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException("rules of names and texts always serialise", e);
        }
    }

    /**
     * A rules file: {@code rules:} (column to rule) and an optional {@code default: byColumnName}.
     *
     * @throws BackupException (INVALID) for a file that is not such a document
     */
    public static MaskingRules readYaml(InputStream in) {
        Object document;
        try {
            document = new ObjectMapper(new YAMLFactory()).readValue(in, Object.class);
        } catch (IOException e) {
            throw BackupException.invalid("the masking rules are not valid YAML");
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw BackupException.invalid("the masking rules must be a YAML mapping with rules: and default:");
        }
        for (Object key : map.keySet()) {
            if (!"rules".equals(key) && !"default".equals(key)) {
                throw BackupException.invalid("the masking rules hold an unknown key '"
                        + Limits.printable(String.valueOf(key)) + "': only rules and default");
            }
        }
        Object rules = map.get("rules");
        Object byDefault = map.get("default");
        if (rules != null && !(rules instanceof Map<?, ?>)) {
            throw BackupException.invalid("rules must map schema.table.column to a transformation");
        }
        if (byDefault != null && !(byDefault instanceof String)) {
            throw BackupException.invalid("default must be byColumnName or none");
        }
        Map<String, Object> byColumn = new LinkedHashMap<>();
        if (rules != null) {
            ((Map<?, ?>) rules).forEach((k, v) -> byColumn.put(String.valueOf(k), v));
        }
        return parse(byColumn, (String) byDefault);
    }
}
