package dev.accountbackup.engine.masking;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import net.datafaker.Faker;

/**
 * Realistic names, streets and cities from Datafaker, drawn once with a fixed seed into sorted
 * pools: a masked value picks from them by its keyed hash, so it is deterministic and costs a
 * table look-up instead of a Datafaker call per row.
 */
final class FakeValues {

    private static final int POOL = 1000;

    static final List<String> FIRST_NAMES;
    static final List<String> LAST_NAMES;
    static final List<String> STREETS;
    static final List<String> CITIES;
    /** The first and last names as the local parts of e-mails, index for index. */
    static final List<String> FIRST_MAIL_PARTS;

    static final List<String> LAST_MAIL_PARTS;

    static {
        Faker faker = new Faker(Locale.ENGLISH, new Random(20261206L));
        FIRST_NAMES = pool(() -> faker.name().firstName());
        LAST_NAMES = pool(() -> faker.name().lastName());
        STREETS = pool(() -> faker.address().streetName());
        CITIES = pool(() -> faker.address().cityName());
        FIRST_MAIL_PARTS = FIRST_NAMES.stream().map(FakeValues::mailPart).toList();
        LAST_MAIL_PARTS = LAST_NAMES.stream().map(FakeValues::mailPart).toList();
    }

    private FakeValues() {}

    private static List<String> pool(Supplier<String> draw) {
        TreeSet<String> values = new TreeSet<>();
        for (int i = 0; i < POOL * 4 && values.size() < POOL; i++) {
            values.add(draw.get());
        }
        return List.copyOf(values);
    }

    static String pick(List<String> pool, long hash) {
        return pool.get((int) Long.remainderUnsigned(hash, pool.size()));
    }

    /** A name as the local part of an e-mail: lower-case letters only. */
    private static String mailPart(String name) {
        String letters = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return letters.isEmpty() ? "user" : letters;
    }
}
