package dev.algotrader.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The run id a trigger sends: {@code algo-trader__<key>__<hash>}, where {@code hash} is the first
 * 12 hex digits of SHA-256 over the DAG id, the conf (as canonical JSON: keys sorted) and the key,
 * and the key is the caller's {@code --key}, else the UTC minute of the trigger ({@code
 * 20261202T1650Z}).
 *
 * <p>So the same trigger (same DAG, conf and key) always asks for the same run: a retry after a 5xx
 * or a lost answer, inside the CLI or by a script re-running the command within the same minute,
 * finds the run it created instead of starting a second one. Two deliberate triggers differ when
 * their conf or key differs; identical ones within one minute are one run unless the caller passes
 * distinct keys (a scripted caller passes a stable {@code --key}, e.g. its job id or the business
 * date, which makes every retry land on the same run whenever it happens).
 */
public final class DagRunIds {

    /** What Airflow's default {@code [scheduler] allowed_run_id_pattern} accepts. */
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.~:+-]{1,100}");

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private DagRunIds() {}

    /** The run id of a trigger of {@code dagId} with {@code conf}, keyed by {@code key} or time. */
    public static String of(String dagId, Map<String, Object> conf, String key, Instant now) {
        String k = key == null || key.isBlank() ? MINUTE.format(now) : key.strip();
        if (!KEY.matcher(k).matches()) {
            throw new UserError(
                    "--key '"
                            + k
                            + "' has characters Airflow refuses in a run id: use letters,"
                            + " digits and _ . ~ : + - (at most 100)");
        }
        return "algo-trader__" + k + "__" + hash(dagId + "\n" + canonical(conf) + "\n" + k);
    }

    /** {@code conf} as JSON with object keys sorted at every level. */
    static String canonical(Map<String, Object> conf) {
        try {
            JsonNode tree = CANONICAL.valueToTree(conf == null ? Map.of() : conf);
            Object sorted = CANONICAL.treeToValue(tree, Object.class);
            return CANONICAL.writeValueAsString(sorted);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode conf", e);
        }
    }

    private static String hash(String s) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
