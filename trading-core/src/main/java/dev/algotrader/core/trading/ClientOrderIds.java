package dev.algotrader.core.trading;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic client order ids of at most 48 characters: {@code <strategy>-<symbol>-<decision
 * time base36>-<kind>-<hash>}, where the 8-hex hash covers the full strategy name, symbol, decision
 * time, kind and model version. The same decision always gets the same id, so a restarted job (or a
 * replayed stream) cannot submit it twice.
 */
public final class ClientOrderIds {

    /** Longest id any broker we target accepts comfortably (Alpaca allows 128). */
    public static final int MAX_LENGTH = 48;

    private ClientOrderIds() {}

    /** The id of the order of {@code kind} ("en", "sl", "tp") decided at {@code decisionTs}. */
    public static String of(
            String strategy, String symbol, long decisionTs, String modelVersion, String kind) {
        String strat = clean(strategy, 12);
        String sym = clean(symbol, 10);
        String full = strategy + "|" + symbol + "|" + decisionTs + "|" + kind + "|" + modelVersion;
        String id =
                strat
                        + "-"
                        + sym
                        + "-"
                        + Long.toString(decisionTs, 36)
                        + "-"
                        + clean(kind, 2)
                        + "-"
                        + sha256(full).substring(0, 8);
        return id.length() <= MAX_LENGTH ? id : id.substring(id.length() - MAX_LENGTH);
    }

    private static String clean(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-') b.append(Character.toLowerCase(c));
            if (b.length() == max) break;
        }
        return b.toString();
    }

    /** Hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
