package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The local (embedded) trader's control file: {@code algotrader.trader.control-file}. */
final class LocalTrader {

    private LocalTrader() {}

    static ControlFile controlFile(CliContext ctx) {
        return new ControlFile(ctx.config().path("algotrader.trader.control-file"));
    }

    /** Writes a new mode (keeping the kill switch), audits it and prints the state. */
    static void setMode(CliContext ctx, ControlState.Mode mode, String reason) {
        ControlFile f = controlFile(ctx);
        ControlState cur = f.read();
        ControlState next =
                new ControlState(
                        mode,
                        cur.killSwitch(),
                        reason == null ? "" : reason,
                        ctx.clock().instant().toString());
        write(ctx, f, next, "trader." + mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Sets the kill switch (keeping the mode). */
    static void setKillSwitch(CliContext ctx, boolean on, String reason) {
        ControlFile f = controlFile(ctx);
        ControlState cur = f.read();
        ControlState next =
                new ControlState(
                        cur.mode(),
                        on,
                        reason == null ? "" : reason,
                        ctx.clock().instant().toString());
        write(ctx, f, next, on ? "trader.kill_switch.on" : "trader.kill_switch.off");
    }

    private static void write(CliContext ctx, ControlFile f, ControlState s, String event) {
        f.write(s);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", s.mode().name().toLowerCase(java.util.Locale.ROOT));
        d.put("kill_switch", s.killSwitch());
        d.put("reason", s.reason());
        d.put("control_file", f.path().toString());
        ctx.events().append("orchestrator", event, "-", d);
        ctx.out().println(describe(ctx, s, f.path()));
    }

    static String describe(CliContext ctx, ControlState s, Path file) {
        return "local trader: "
                + s.mode().name().toLowerCase(java.util.Locale.ROOT)
                + ", kill switch "
                + (s.killSwitch() ? "ON" : "off")
                + (s.reason() == null || s.reason().isEmpty() ? "" : " (" + s.reason() + ")")
                + " — "
                + file
                + (s.updatedAt() == null || s.updatedAt().isEmpty()
                        ? ""
                        : ", updated " + s.updatedAt());
    }

    /** Status: the control state plus the per-symbol cursors in the state folder. */
    static void status(CliContext ctx) throws java.io.IOException {
        ControlFile f = controlFile(ctx);
        ControlState s = f.read();
        ctx.out().println(describe(ctx, s, f.path()));
        Path stateDir = ctx.config().path("algotrader.trader.state-dir");
        if (Files.isDirectory(stateDir)) {
            try (Stream<Path> st = Files.list(stateDir)) {
                st.filter(p -> p.getFileName().toString().endsWith(".state"))
                        .sorted()
                        .forEach(
                                p ->
                                        ctx.out()
                                                .println(
                                                        "  state "
                                                                + p.getFileName()
                                                                + " (updated "
                                                                + lastModified(p)
                                                                + ")"));
            }
        } else {
            ctx.out()
                    .println(
                            "  no trader state yet ("
                                    + stateDir
                                    + "): run 'algo-trader paper-once'");
        }
    }

    private static String lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant().toString();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
