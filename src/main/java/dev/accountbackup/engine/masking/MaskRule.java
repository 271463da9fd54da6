package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.BackupException;
import java.util.Map;

/**
 * How one column is masked.
 *
 * @param constant the value written by {@link Transformation#CONSTANT}; null otherwise
 */
public record MaskRule(Transformation transformation, String constant) {

    public MaskRule {
        if ((transformation == Transformation.CONSTANT) != (constant != null)) {
            throw new IllegalArgumentException("a constant rule, and only it, carries a value");
        }
    }

    public static MaskRule of(Transformation transformation) {
        return new MaskRule(transformation, null);
    }

    /**
     * A rule as a spec or rules file writes it: a transformation's name, or {@code {constant: VALUE}}.
     *
     * @throws BackupException (INVALID) for anything else, without echoing a constant
     */
    public static MaskRule parse(Object written) {
        if (written == null) {
            return of(Transformation.NULL); // YAML reads a bare null as no value
        }
        if (written instanceof String name) {
            return of(Transformation.parse(name));
        }
        if (written instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("constant")) {
            Object value = map.get("constant");
            if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
                throw BackupException.invalid("a constant must be a text or a number");
            }
            String text = String.valueOf(value);
            if (text.length() > Limits.MAX_CONSTANT) {
                throw BackupException.invalid("a constant is longer than " + Limits.MAX_CONSTANT + " characters");
            }
            return new MaskRule(Transformation.CONSTANT, text);
        }
        throw BackupException.invalid("a rule is a transformation's name or {constant: VALUE}");
    }

    /** The rule for status and reports: the constant's value is not shown. */
    public String describe() {
        return transformation.specName();
    }

    public boolean masks() {
        return transformation != Transformation.KEEP;
    }
}
