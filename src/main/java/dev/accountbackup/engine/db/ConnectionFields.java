package dev.accountbackup.engine.db;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a host, a port, a database name and a user name may be. They reach the driver as separate
 * properties, never inside a URL; these rules also keep a value from meaning more than one thing
 * (a host is one host, not a list, a path or a query). Each check returns what is wrong, for the
 * caller to name its own field; messages never echo control characters.
 */
public final class ConnectionFields {

    /** PostgreSQL truncates identifiers (database and role names) after NAMEDATALEN - 1 bytes. */
    public static final int MAX_NAME_BYTES = 63;

    private static final int MAX_HOST_LENGTH = 253;
    /** RFC 1123: letters, digits and hyphens, 1-63 characters, no hyphen first or last. */
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private ConnectionFields() {}

    /** @return what is wrong with the host, if anything: it must be a DNS name, an IPv4 or a bare IPv6 address */
    public static Optional<String> hostProblem(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.of("is required");
        }
        if (isIpv4(host) || isIpv6(host) || isDnsName(host)) {
            return Optional.empty();
        }
        return Optional.of(
                shown(host) + " is not a DNS name or an IP address (no port, path, query, user, brackets or spaces;"
                        + " IPv6 addresses without a zone)");
    }

    /** @return what is wrong with a database or user name, if anything: PostgreSQL accepts any text but NUL, up to 63 bytes */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("is longer than PostgreSQL's limit of " + MAX_NAME_BYTES + " bytes");
        }
        return Optional.empty();
    }

    /** @return what is wrong with the port, if anything */
    public static Optional<String> portProblem(int port) {
        return port >= 1 && port <= 65535 ? Optional.empty() : Optional.of(port + " is not a TCP port (1-65535)");
    }

    static boolean isDnsName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > MAX_HOST_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String host) {
        return IPV4.matcher(host).matches();
    }

    /** A bare IPv6 address (RFC 4291 text forms, an IPv4 tail allowed); no zone, no brackets. */
    static boolean isIpv6(String host) {
        if (host.length() > 45 || !host.contains(":")) {
            return false;
        }
        String address = host;
        int extraGroups = 0;
        int lastColon = address.lastIndexOf(':');
        if (address.indexOf('.') > lastColon) {
            if (!isIpv4(address.substring(lastColon + 1))) {
                return false;
            }
            address = address.substring(0, lastColon + 1) + "0";
            extraGroups = 1;
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groups(address) == 8 - extraGroups;
        }
        String head = address.substring(0, gap);
        String tail = address.substring(gap + 2);
        int count = (head.isEmpty() ? 0 : groups(head)) + (tail.isEmpty() ? 0 : groups(tail));
        return (head.isEmpty() || groups(head) > 0) && (tail.isEmpty() || groups(tail) > 0) && count <= 7 - extraGroups;
    }

    /** @return how many hex groups the colon-separated text holds, or -1 if any part is not one */
    private static int groups(String text) {
        String[] parts = text.split(":", -1);
        for (String part : parts) {
            if (!HEX_GROUP.matcher(part).matches()) {
                return -1;
            }
        }
        return parts.length;
    }

    /** The value quoted for a message, or a description when it holds characters that would break a log line. */
    public static String shown(String value) {
        boolean printable = value.length() <= 300 && value.codePoints().noneMatch(Character::isISOControl);
        return printable
                ? "'" + value + "'"
                : "(a value of " + value.length() + " characters with control characters or too long to show)";
    }
}
