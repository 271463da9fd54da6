package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One table of a completed backup, as its manifest records it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackedUpTable {

    @JsonPropertyDescription("The table, as schema.name.")
    private String name;

    @JsonPropertyDescription("Rows written.")
    private Long rows;

    @JsonPropertyDescription("Size of the stored (compressed) file in bytes.")
    private Long bytes;

    @JsonPropertyDescription("Hex SHA-256 of the stored file, as sha256sum prints it.")
    private String sha256;

    public BackedUpTable() {}

    public BackedUpTable(String name, long rows, long bytes, String sha256) {
        this.name = name;
        this.rows = rows;
        this.bytes = bytes;
        this.sha256 = sha256;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getRows() {
        return rows;
    }

    public void setRows(Long rows) {
        this.rows = rows;
    }

    public Long getBytes() {
        return bytes;
    }

    public void setBytes(Long bytes) {
        this.bytes = bytes;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }
}
