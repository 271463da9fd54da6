package dev.accountbackup.engine.storage;

/**
 * One stored version of an object. In a versioned bucket, overwriting or deleting a key by its name
 * leaves the data it held in a noncurrent version, which only a delete naming its version id removes.
 *
 * @param key       relative to the store root
 * @param versionId null where the store keeps no versions (file systems, unversioned buckets)
 * @param latest    whether it is the key's current version
 */
public record StoredVersion(String key, String versionId, boolean latest) {}
