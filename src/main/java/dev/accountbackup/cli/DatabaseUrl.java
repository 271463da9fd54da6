package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.ConnectionFields;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Turns {@code postgresql://USER@HOST:PORT/DB?sslmode=require} into a login. The password is never
 * taken from the command line (it would show in process lists and shell history): it comes from
 * PGPASSWORD or the password file, as with PostgreSQL's own tools.
 */
final class DatabaseUrl {

    private static final String SSL_MODE = "sslmode";

    private DatabaseUrl() {}

    /** {@code --database} as picocli reads it: a URL that is not one login is a usage error (exit code 2). */
    static DatabaseTarget convert(String url, Map<String, String> env) {
        try {
            return parse(url, env);
        } catch (BackupException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static DatabaseTarget parse(String url, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw BackupException.invalid(
                    "--database " + shown(url) + " is not a URL: expected postgresql://USER@HOST:PORT/DB");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw BackupException.invalid("--database must start with postgresql:// (got " + shown(url) + ")");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw BackupException.invalid("--database must not contain a password: set PGPASSWORD or use ~/.pgpass");
        }
        String host = bare(uri.getHost());
        String path = uri.getRawPath();
        if (host == null || path == null || path.length() <= 1) {
            throw BackupException.invalid(
                    "--database " + shown(url) + " needs a host and a database: postgresql://USER@HOST:PORT/DB");
        }
        ConnectionFields.hostProblem(host).ifPresent(p -> {
            throw BackupException.invalid("--database host " + p);
        });
        if (uri.getRawFragment() != null) {
            throw BackupException.invalid("--database must not have a fragment ('#...')");
        }
        String user = userInfo != null ? decode(userInfo) : env.getOrDefault("PGUSER", System.getProperty("user.name"));
        String database = decode(path.substring(1));
        int port = uri.getPort() > 0 ? uri.getPort() : DatabaseTarget.DEFAULT_PORT;
        String sslMode = sslModeParameter(uri).orElse(env.get("PGSSLMODE"));
        String password = env.get("PGPASSWORD");
        if (password == null) {
            String passFile = env.get("PGPASSFILE");
            Path file = passFile != null ? Path.of(passFile) : Path.of(System.getProperty("user.home"), ".pgpass");
            password = PgPass.lookup(file, host, port, database, user).orElse(null);
        }
        try {
            return new DatabaseTarget(host, port, database, user, password, sslMode);
        } catch (BackupException e) {
            throw BackupException.invalid("--database: " + e.getMessage());
        }
    }

    /** IPv6 hosts come bracketed in URLs; the driver gets the bare address. */
    private static String bare(String host) {
        return host != null && host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    /** The sslmode parameter; any other parameter would be a driver setting nobody reviewed, so it is refused. */
    private static Optional<String> sslModeParameter(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        String sslMode = null;
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!SSL_MODE.equals(name) || eq < 0) {
                throw BackupException.invalid("--database query parameter " + shown(name) + " is not accepted: only "
                        + SSL_MODE + "=MODE is");
            }
            sslMode = decode(pair.substring(eq + 1));
        }
        return Optional.ofNullable(sslMode);
    }

    private static String shown(String value) {
        return ConnectionFields.shown(redact(value));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, for error messages. */
    private static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }
}
