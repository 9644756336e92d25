package dev.algotrader.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.stream.RunRecord;
import dev.algotrader.stream.control.ControlState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a local trader run is running now, and what the last one did: from the trader's run
 * record ({@link RunRecord}: process id, start/end, outcome, strategy, model) and the control file.
 * A record still saying {@code running} whose process is gone is a run that was killed: the next
 * {@code paper-once} recovers its outputs.
 */
final class TraderRunStatus {

    private TraderRunStatus() {}

    /**
     * {@code trader_process} (running now / not running / killed), {@code trader} (one line), and
     * the {@code strategy} and {@code model} the equity comes from.
     */
    static Map<String, Object> of(Path stateDir, ControlState control) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<JsonNode> rec = RunRecord.read(stateDir);
        String mode = control.mode().name().toLowerCase(Locale.ROOT);
        if (rec.isEmpty()) {
            m.put("trader_process", "not running");
            m.put("trader", "no trader run yet (run 'algo-trader paper-once'); control: " + mode);
            return m;
        }
        JsonNode r = rec.get();
        String what =
                r.path("mode").asText()
                        + " ("
                        + r.path("strategy").asText()
                        + ", model "
                        + r.path("model").asText()
                        + ", broker "
                        + r.path("broker").asText()
                        + ")";
        String state = r.path("state").asText();
        String line;
        if (state.equals("running")) {
            Optional<Boolean> alive = RunRecord.processAlive(r);
            if (alive.isEmpty()) {
                m.put("trader_process", "unknown (another host)");
                line =
                        what
                                + " started "
                                + r.path("started_at").asText()
                                + " on "
                                + r.path("host").asText()
                                + " (cannot check the process from here)";
            } else if (alive.get()) {
                m.put("trader_process", "running");
                line =
                        what
                                + " RUNNING now (pid "
                                + r.path("pid").asText()
                                + ", since "
                                + r.path("started_at").asText()
                                + ")";
            } else {
                m.put("trader_process", "killed");
                line =
                        what
                                + " started "
                                + r.path("started_at").asText()
                                + " was interrupted (pid "
                                + r.path("pid").asText()
                                + " is gone): the next paper-once recovers its outputs";
            }
        } else {
            m.put("trader_process", "not running");
            line =
                    what
                            + " "
                            + state
                            + " "
                            + r.path("ended_at").asText()
                            + (r.has("bars") ? ", " + r.path("bars").asText() + " bars" : "")
                            + (r.has("orders") ? ", " + r.path("orders").asText() + " orders" : "")
                            + (r.has("error") ? ": " + r.path("error").asText() : "");
        }
        m.put("trader", "last run: " + line + "; control: " + mode);
        m.put("strategy", r.path("strategy").asText());
        m.put("model", r.path("model").asText());
        return m;
    }
}
