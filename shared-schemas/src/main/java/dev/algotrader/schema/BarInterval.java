package dev.algotrader.schema;

import java.time.Duration;

/**
 * A bar interval written as {@code <n><unit>} with unit s, m, h or d, e.g. {@code 1m}, {@code 4h}.
 */
public record BarInterval(String text, long millis) {

    /** Parses {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}; throws a clear error otherwise. */
    public static BarInterval parse(String text) {
        if (text == null || text.length() < 2) {
            throw new IllegalArgumentException(
                    "bar interval '" + text + "' is not valid: use e.g. 1m, 5m, 1h, 1d");
        }
        char unit = text.charAt(text.length() - 1);
        long n;
        try {
            n = Long.parseLong(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "bar interval '" + text + "' is not valid: use e.g. 1m, 5m, 1h, 1d");
        }
        Duration unitDuration =
                switch (unit) {
                    case 's' -> Duration.ofSeconds(1);
                    case 'm' -> Duration.ofMinutes(1);
                    case 'h' -> Duration.ofHours(1);
                    case 'd' -> Duration.ofDays(1);
                    default ->
                            throw new IllegalArgumentException(
                                    "bar interval '"
                                            + text
                                            + "' has unknown unit '"
                                            + unit
                                            + "': use s, m, h or d");
                };
        if (n <= 0) {
            throw new IllegalArgumentException("bar interval '" + text + "' must be positive");
        }
        return new BarInterval(text, unitDuration.toMillis() * n);
    }

    /** Number of whole bars of this interval in {@code d}; rejects durations that do not divide. */
    public int barsIn(Duration d) {
        if (d.toMillis() % millis != 0) {
            throw new IllegalArgumentException(
                    "duration " + d + " is not a whole number of " + text + " bars");
        }
        return Math.toIntExact(d.toMillis() / millis);
    }
}
