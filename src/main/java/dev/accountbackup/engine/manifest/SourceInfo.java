package dev.accountbackup.engine.manifest;

/** Which database a backup was read from. Never holds credentials. */
public record SourceInfo(String host, int port, String database, String serverVersion) {}
