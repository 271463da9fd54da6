package dev.accountbackup.engine.storage;

/** An object found in storage: its key relative to the store root and its size in bytes. */
public record StoredObject(String key, long size) {}
