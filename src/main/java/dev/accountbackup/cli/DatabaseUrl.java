package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code postgresql://USER@HOST:PORT/DB?sslmode=require} into a login. The password is never
 * taken from the command line (it would show in process lists and shell history): it comes from
 * PGPASSWORD or the password file, as with PostgreSQL's own tools.
 */
final class DatabaseUrl {

    private DatabaseUrl() {
    }

    static DatabaseTarget parse(String url, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw BackupException.invalid("--database '" + redact(url) + "' is not a URL: expected postgresql://USER@HOST:PORT/DB");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw BackupException.invalid("--database must start with postgresql:// (got '" + redact(url) + "')");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw BackupException.invalid("--database must not contain a password: set PGPASSWORD or use ~/.pgpass");
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || path == null || path.length() <= 1) {
            throw BackupException.invalid("--database '" + url + "' needs a host and a database: postgresql://USER@HOST:PORT/DB");
        }
        String user = userInfo != null ? decode(userInfo) : env.getOrDefault("PGUSER", System.getProperty("user.name"));
        String database = decode(path.substring(1));
        int port = uri.getPort() > 0 ? uri.getPort() : DatabaseTarget.DEFAULT_PORT;
        String sslMode = queryParameter(uri, "sslmode").orElse(env.get("PGSSLMODE"));
        String password = env.get("PGPASSWORD");
        if (password == null) {
            String passFile = env.get("PGPASSFILE");
            Path file = passFile != null ? Path.of(passFile) : Path.of(System.getProperty("user.home"), ".pgpass");
            password = PgPass.lookup(file, host, port, database, user).orElse(null);
        }
        return new DatabaseTarget(host, port, database, user, password, sslMode);
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
                return Optional.of(decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, for error messages. */
    private static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }
}
