package dev.accountbackup.engine.storage;

/** Checks of keys and folders that come from specs, flags or settings before they name anything in storage. */
public final class StorageKeys {

    private StorageKeys() {}

    /**
     * Whether a relative, '/'-separated path stays where it is put: no leading '/', no '.', '..' or empty
     * folder (a trailing '/' aside, as in a listing prefix), no backslash and no control character.
     * The empty path (the root itself) is confined.
     */
    public static boolean isConfined(String path) {
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean trailingSlash = segment.isEmpty() && i == segments.length - 1;
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty() && !trailingSlash && !path.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A hostile value as it may be echoed into a message: control characters (line breaks, escapes) shown as '?'. */
    public static String printable(String value) {
        StringBuilder shown = new StringBuilder(value.length());
        value.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.toString();
    }
}
