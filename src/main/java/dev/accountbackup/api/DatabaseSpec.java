package dev.accountbackup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A PostgreSQL database and the Secret holding the login to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec {

    @Required
    @JsonPropertyDescription(
            "DNS name or IP address of the PostgreSQL server, e.g. shop-db.internal, 10.0.0.5 or fd00::5 (IPv6 without brackets)."
                    + " Nothing else: no port, path, query or user.")
    private String host;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("TCP port of the PostgreSQL server. Default 5432.")
    private Integer port;

    @Required
    @JsonPropertyDescription("Name of the database that holds the tables (at most 63 bytes, PostgreSQL's limit).")
    private String name;

    @Required
    @JsonPropertyDescription(
            "Name of a Secret in the same namespace with the keys 'username' and 'password' of the database login.")
    private String credentialsSecret;

    @JsonPropertyDescription(
            "PostgreSQL sslmode: disable, allow, prefer, require, verify-ca or verify-full. Default: the driver's (prefer).")
    private String sslMode;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public String getSslMode() {
        return sslMode;
    }

    public void setSslMode(String sslMode) {
        this.sslMode = sslMode;
    }
}
