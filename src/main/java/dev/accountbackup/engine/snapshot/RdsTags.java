package dev.accountbackup.engine.snapshot;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.Tag;

/** Tags as RDS lists them, and the ownership test every adoption and deletion goes through. */
final class RdsTags {

    private RdsTags() {}

    static Map<String, String> toMap(List<Tag> tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagList != null) {
            for (Tag tag : tagList) {
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
        }
        return tags;
    }

    static List<Tag> toTagList(Map<String, String> tags) {
        return tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static boolean carriesAll(Map<String, String> tags, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
    }

    /** Without ownership tags every snapshot would count as this backup's: they are required. */
    static Map<String, String> requireOwnerTags(Map<String, String> ownerTags) {
        if (ownerTags == null || ownerTags.isEmpty()) {
            throw new IllegalArgumentException("ownership tags are required: without them anything in the account"
                    + " would count as made by this backup");
        }
        return Map.copyOf(ownerTags);
    }
}
