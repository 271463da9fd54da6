package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Which of the accounts a restore was asked for the backup held. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoredAccountsStatus {

    /** Keys not found listed at most; the rest are counted in notFoundMore. */
    public static final int MAX_LISTED = 20;

    @JsonPropertyDescription("The accounts' root table, as schema.name.")
    private String root;

    @JsonPropertyDescription("How they were chosen, without values: '2 keys', 'a match on email'.")
    private String selection;

    @JsonPropertyDescription("Accounts of the selection the backup holds: restored (or, in a dry run, counted).")
    private Long found;

    @JsonPropertyDescription(
            "How many keys of spec.accounts.keys the backup does not hold; nothing was restored for them.")
    private Long notFound;

    @JsonPropertyDescription("The first of those keys, as given in the spec (at most 20).")
    private List<String> notFoundKeys = new ArrayList<>();

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public String getSelection() {
        return selection;
    }

    public void setSelection(String selection) {
        this.selection = selection;
    }

    public Long getFound() {
        return found;
    }

    public void setFound(Long found) {
        this.found = found;
    }

    public Long getNotFound() {
        return notFound;
    }

    public void setNotFound(Long notFound) {
        this.notFound = notFound;
    }

    public List<String> getNotFoundKeys() {
        return notFoundKeys;
    }

    public void setNotFoundKeys(List<String> notFoundKeys) {
        this.notFoundKeys = notFoundKeys;
    }
}
