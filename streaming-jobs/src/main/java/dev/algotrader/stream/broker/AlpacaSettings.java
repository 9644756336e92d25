package dev.algotrader.stream.broker;

import java.io.Serializable;
import java.time.Duration;

/**
 * How to reach Alpaca's trading API v2. Holds no keys: {@link AlpacaBroker} reads them from the
 * environment variables named here ({@code APCA_API_KEY_ID}, {@code APCA_API_SECRET_KEY}) on the
 * machine that runs the operator, so they never travel in a job graph, a log or a config dump.
 *
 * @param baseUrl {@code https://paper-api.alpaca.markets} unless live trading was confirmed;
 *     checked by {@link AlpacaEndpoint} (the live host only when {@code live})
 * @param live true only when live trading is fully confirmed
 * @param timeInForce crypto orders accept {@code gtc} or {@code ioc}
 * @param maxRetries retries after a 429, a 5xx or a timeout before giving up
 * @param initialBackoff first wait; doubled after every retry, capped at {@code maxBackoff}
 * @param maxBackoff longest single wait (also caps a server's Retry-After)
 * @param requestTimeout per-request timeout
 */
public record AlpacaSettings(
        String baseUrl,
        boolean live,
        String keyIdVariable,
        String secretVariable,
        String timeInForce,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout)
        implements Serializable {

    public static final String PAPER_URL = "https://paper-api.alpaca.markets";
    public static final String LIVE_URL = "https://api.alpaca.markets";

    public AlpacaSettings {
        if (!timeInForce.equals("gtc") && !timeInForce.equals("ioc")) {
            throw new IllegalArgumentException(
                    "time-in-force '" + timeInForce + "' is not valid for crypto: use gtc or ioc");
        }
        if (maxRetries < 0) throw new IllegalArgumentException("max-retries must be >= 0");
        // the live guard: no settings (hence no broker, no socket) for a host this trader may not
        // reach; live is true only when --live, --env live and the confirmation all hold
        AlpacaEndpoint.require(baseUrl, live);
    }

    /** Paper endpoint with the documented defaults, for tests and the paper environment. */
    public static AlpacaSettings paper(String baseUrl) {
        return new AlpacaSettings(
                baseUrl,
                false,
                "APCA_API_KEY_ID",
                "APCA_API_SECRET_KEY",
                "gtc",
                5,
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    public AlpacaSettings withRetries(
            int retries, Duration initial, Duration max, Duration timeout) {
        return new AlpacaSettings(
                baseUrl,
                live,
                keyIdVariable,
                secretVariable,
                timeInForce,
                retries,
                initial,
                max,
                timeout);
    }
}
