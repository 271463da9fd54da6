package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.catalog.ValueEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code byColumnName} default: columns whose names say they hold personal data, by the words
 * of the name ({@code last_login_ip} and {@code lastLoginIp} both have the word {@code ip}). The
 * README lists the words; a rule with {@code keep} exempts a column.
 */
final class PersonalColumns {

    /** Checked in this order: {@code email_address} is an e-mail, {@code ip_address} an IP, not an address. */
    private static final List<Guess> GUESSES = List.of(
            new Guess(Set.of("email", "mail", "emailaddress"), Transformation.EMAIL),
            new Guess(Set.of("ip", "ipaddress", "ipaddr"), Transformation.NULL),
            // user names are usually unique: a keyed hash keeps them so
            new Guess(Set.of("username", "nickname", "login"), Transformation.HASH),
            new Guess(
                    Set.of("phone", "mobile", "telephone", "tel", "fax", "msisdn", "phonenumber"),
                    Transformation.PHONE),
            new Guess(
                    Set.of(
                            "name",
                            "firstname",
                            "lastname",
                            "surname",
                            "givenname",
                            "familyname",
                            "fullname",
                            "displayname",
                            "middlename"),
                    Transformation.NAME),
            new Guess(
                    Set.of("address", "street", "city", "zip", "zipcode", "postcode", "postalcode"),
                    Transformation.ADDRESS),
            new Guess(Set.of("birth", "birthday", "birthdate", "dob"), Transformation.NULL),
            new Guess(
                    Set.of("iban", "bic", "ssn", "passport", "tax", "taxid", "vat", "card", "cardnumber", "nationalid"),
                    Transformation.HASH));

    private record Guess(Set<String> words, Transformation transformation) {}

    private PersonalColumns() {}

    /** The transformation a column's name calls for, if it looks personal. */
    static Optional<Transformation> guess(String column) {
        List<String> words = words(column);
        for (Guess guess : GUESSES) {
            if (words.stream().anyMatch(guess.words()::contains)) {
                return Optional.of(guess.transformation());
            }
        }
        return Optional.empty();
    }

    /**
     * The transformation for a column of this name and type: the guess when it suits the type,
     * NULL for other values that can hold personal data (a jsonb address, an inet), nothing for
     * numbers and booleans ({@code email_verified}).
     */
    static Optional<Transformation> rule(String column, ColumnType type) {
        return guess(column).flatMap(guess -> {
            boolean suits = switch (guess) {
                case EMAIL, NAME, PHONE, ADDRESS -> type.text();
                case HASH -> type.kind() != ColumnType.Kind.OTHER;
                default -> true;
            };
            if (suits) {
                return Optional.of(guess);
            }
            boolean holdsText = type.encoding() == ValueEncoding.STRING
                    || type.encoding() == ValueEncoding.JSON
                    || type.encoding() == ValueEncoding.ARRAY;
            return holdsText ? Optional.of(Transformation.NULL) : Optional.empty();
        });
    }

    /** {@code lastLoginIP}, {@code last_login_ip}, {@code Last-Login-IP}: last, login, ip. */
    static List<String> words(String column) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (char c : column.toCharArray()) {
            boolean boundary = !Character.isLetter(c) || Character.isUpperCase(c) && Character.isLowerCase(previous);
            if (boundary && word.length() > 0) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (Character.isLetter(c)) {
                word.append(c);
            }
            previous = c;
        }
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
