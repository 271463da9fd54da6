package dev.accountbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The RDS Query API's XML shapes, kept as resources under /rds/ and filled with {@code ${name}} values. Values are
 * escaped, except {@link Xml} ones (already rendered elements). A line whose placeholders all have no value is left
 * out, as RDS leaves out elements it has no value for.
 */
final class RdsTemplates {

    /** Markup to insert as is. */
    record Xml(String markup) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private RdsTemplates() {}

    static String fill(String template, Map<String, ?> values) {
        String text = CACHE.computeIfAbsent(template, RdsTemplates::load);
        return text.lines()
                .map(line -> fillLine(line, values))
                .filter(line -> line != null)
                .collect(Collectors.joining("\n"));
    }

    private static String fillLine(String line, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        boolean anyValue = false;
        while (m.find()) {
            any = true;
            Object value = values.get(m.group(1));
            anyValue |= value != null;
            m.appendReplacement(out, Matcher.quoteReplacement(render(value)));
        }
        m.appendTail(out);
        return any && !anyValue ? null : out.toString();
    }

    private static String render(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Xml xml) {
            return xml.markup();
        }
        return String.valueOf(value)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String load(String template) {
        try (InputStream in = RdsTemplates.class.getResourceAsStream("/rds/" + template + ".xml")) {
            if (in == null) {
                throw new IllegalArgumentException("no template /rds/" + template + ".xml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
