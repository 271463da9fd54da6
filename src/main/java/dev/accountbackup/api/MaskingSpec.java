package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Masks personal data on its way into the target: a staging or test copy from a verified backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaskingSpec {

    @Required
    @JsonPropertyDescription(
            "Secret in this namespace whose key 'salt' (at least 16 bytes) makes masked values deterministic: the same"
                    + " salt gives the same masked copy, another salt (another environment) an unrelated one.")
    private String saltSecret;

    @JsonPropertyDescription(
            "Masking rule per column, as schema.table.column: hash, email, name, phone, address, redact, null, keep,"
                    + " or {constant: VALUE}. Checked against the backup's manifest before anything is written.")
    private Map<String, AnyType> rules = new LinkedHashMap<>();

    @JsonProperty("default")
    @JsonPropertyDescription(
            "byColumnName: also mask the columns whose names say email, phone, name, address, ip, birth, iban... (see"
                    + " the README), unless a rule says keep. none (default): mask only the columns with a rule.")
    private String byDefault;

    public String getSaltSecret() {
        return saltSecret;
    }

    public void setSaltSecret(String saltSecret) {
        this.saltSecret = saltSecret;
    }

    /** A value is a transformation's name or {constant: VALUE}: any JSON, checked by the validator. */
    public Map<String, AnyType> getRules() {
        return rules;
    }

    public void setRules(Map<String, AnyType> rules) {
        this.rules = rules;
    }

    /** The rules as plain values, for the engine's parser. */
    @JsonIgnore
    public Map<String, Object> rulesAsValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (rules != null) {
            rules.forEach((column, rule) -> values.put(column, rule == null ? null : rule.getValue()));
        }
        return values;
    }

    public String getByDefault() {
        return byDefault;
    }

    public void setByDefault(String byDefault) {
        this.byDefault = byDefault;
    }
}
