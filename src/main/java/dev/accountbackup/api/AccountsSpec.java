package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accounts chosen by the primary key of their root table, by an equality match on one of its columns,
 * or (for masked copies) as a deterministic sample.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "(has(self.keys) ? 1 : 0) + (has(self.match) ? 1 : 0) + (has(self.sample) ? 1 : 0) == 1",
        message = "set exactly one of keys, match and sample")
public class AccountsSpec {

    @Required
    @JsonPropertyDescription(
            "The root table of an account, as schema.table (e.g. public.users). An account is one of its rows and every"
                    + " row that depends on it through foreign keys, transitively.")
    private String root;

    @JsonPropertyDescription("Values of the root table's primary key (a single column), as text: [\"4711\", \"4712\"].")
    private List<String> keys;

    @JsonPropertyDescription(
            "Exactly one column of the root table and the value it must equal, e.g. {email: alice@example.org}."
                    + " Compared with the value as the backup holds it; never SQL.")
    private Map<String, String> match;

    @Min(1)
    @Max(1_000_000)
    @JsonPropertyDescription(
            "A sample of this many accounts, each with every row it owns, picked deterministically with the masking"
                    + " salt (the same salt picks the same accounts). Needs masking. With Replace the tables end up"
                    + " holding the sample.")
    private Integer sample;

    public Integer getSample() {
        return sample;
    }

    public void setSample(Integer sample) {
        this.sample = sample;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public List<String> getKeys() {
        return keys;
    }

    public void setKeys(List<String> keys) {
        this.keys = keys == null ? null : new ArrayList<>(keys);
    }

    public Map<String, String> getMatch() {
        return match;
    }

    public void setMatch(Map<String, String> match) {
        this.match = match;
    }
}
