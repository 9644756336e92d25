package dev.algotrader.stream.broker;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The live-trading guard in code: which Alpaca trading host a URL names, and whether the trader may
 * connect to it. Whatever URL the configuration holds (a file, an overlay, {@code --config}, an
 * environment substitution), a host is allowed only when it is Alpaca's paper host ({@value
 * #PAPER_HOST}) or a loopback test server, or when live trading is fully confirmed ({@code --live},
 * {@code --env live} and the confirmation text) and it is the live host ({@value #LIVE_HOST}). Any
 * other host fails closed. The check runs on the URL text before any socket is opened: host names
 * are compared after lower-casing and dropping trailing dots, so {@code API.Alpaca.Markets.:443}
 * reads as the live host, and IP literals other than loopback are refused (they could be the live
 * host's address).
 */
public final class AlpacaEndpoint {

    /** Alpaca's paper trading host. */
    public static final String PAPER_HOST = "paper-api.alpaca.markets";

    /** Alpaca's live (real-money) trading host. */
    public static final String LIVE_HOST = "api.alpaca.markets";

    private static final Pattern LOOPBACK_V4 =
            Pattern.compile(
                    "127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");

    /** What the live guard decided; {@link #message} says what to do when refused. */
    public record Verdict(boolean allowed, String host, String message) {}

    private AlpacaEndpoint() {}

    /**
     * Checks {@code url} for a trader whose live path is {@code liveConfirmed}; throws {@link
     * LiveTradingRefused} (before any connection) when the URL may not be used.
     */
    public static void require(String url, boolean liveConfirmed) {
        Verdict v = check(url, liveConfirmed);
        if (!v.allowed()) throw new LiveTradingRefused(v.message());
    }

    /** The verdict for {@code url} (see the class comment). */
    public static Verdict check(String url, boolean liveConfirmed) {
        String shown = redact(url);
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException | NullPointerException e) {
            return refused(null, "the Alpaca URL '" + shown + "' is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String host = normalise(u.getHost() != null ? u.getHost() : hostOf(u.getRawAuthority()));
        if (host == null || host.isEmpty()) {
            return refused(null, "the Alpaca URL '" + shown + "' names no host");
        }
        if (u.getRawUserInfo() != null) {
            return refused(
                    host,
                    "the Alpaca URL '"
                            + shown
                            + "' carries credentials: remove them (keys come from APCA_API_KEY_ID"
                            + " and APCA_API_SECRET_KEY)");
        }
        boolean loopback = isLoopback(host);
        if (!scheme.equals("https") && !(loopback && scheme.equals("http"))) {
            return refused(
                    host,
                    "the Alpaca URL '"
                            + shown
                            + "' must use https (plain http only for a loopback test server)");
        }
        if (loopback || host.equals(PAPER_HOST)) return new Verdict(true, host, "");
        if (host.equals(LIVE_HOST)) {
            if (liveConfirmed) return new Verdict(true, host, "");
            return refused(
                    host,
                    "refusing to connect to "
                            + shown
                            + ": "
                            + LIVE_HOST
                            + " is Alpaca's live (real-money) host and live trading is not"
                            + " confirmed. To paper trade, set algotrader.trader.alpaca.paper-url"
                            + " = \"https://"
                            + PAPER_HOST
                            + "\" (the default); to trade real money, run with --broker alpaca"
                            + " --live --env live and set algotrader.trader.broker.live-confirm in"
                            + " conf/live.conf");
        }
        return refused(
                host,
                "refusing to connect to "
                        + shown
                        + ": the trader only talks to Alpaca's paper host "
                        + PAPER_HOST
                        + (liveConfirmed ? ", its live host " + LIVE_HOST : "")
                        + " or a loopback test server (localhost, 127.x.x.x, ::1); fix"
                        + " algotrader.trader.alpaca."
                        + (liveConfirmed ? "live-url" : "paper-url"));
    }

    /** True for {@code localhost}, {@code 127.x.x.x} (dotted quad) and {@code ::1}. */
    static boolean isLoopback(String host) {
        return host.equals("localhost")
                || LOOPBACK_V4.matcher(host).matches()
                || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1");
    }

    /** Lower case, no brackets, no trailing dots. */
    static String normalise(String host) {
        if (host == null) return null;
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h;
    }

    /** The host of an authority {@link URI} could not parse as server-based ({@code a_b:1}). */
    private static String hostOf(String authority) {
        if (authority == null) return null;
        String a = authority.substring(authority.lastIndexOf('@') + 1);
        if (a.startsWith("[")) return a.substring(0, a.indexOf(']') + 1);
        int colon = a.lastIndexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }

    /** The URL without user info (never print credentials). */
    public static String redact(String url) {
        if (url == null) return "null";
        return url.replaceAll("(?<=://)[^/@]*@", "***@");
    }

    private static Verdict refused(String host, String message) {
        return new Verdict(false, host, message);
    }

    /** The configured Alpaca URL may not be used: the message says what to do. */
    public static final class LiveTradingRefused extends IllegalArgumentException {
        public LiveTradingRefused(String message) {
            super(message);
        }
    }
}
