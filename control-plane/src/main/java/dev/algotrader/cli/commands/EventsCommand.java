package dev.algotrader.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code events}: read the audit log, filtered by time and type. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description =
                "Show the audit log (events.jsonl), optionally the last N, since a time, of a type.")
public final class EventsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N matching events.")
    Integer tail;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "ISO-8601 instant (2026-11-25T10:00:00Z) or an age like 30m, 2h, 7d.")
    String since;

    @Option(
            names = "--type",
            paramLabel = "T",
            description =
                    "Event type, exact (job.failed) or a prefix ending in '.' or '*' (job.*).")
    String type;

    @Option(names = "--json", description = "Print the raw JSON lines (every event).")
    boolean json;

    @Option(
            names = "--all",
            description =
                    "Show every event: without it, consecutive cancellations of protective"
                            + " (stop-loss / take-profit) orders are summarized in one line with"
                            + " their count.")
    boolean all;

    @Override
    public Integer call() {
        CliContext ctx = Main.currentContext();
        if (tail != null && tail < 0) throw new UserError("--tail must be >= 0");
        Instant from = since == null ? null : parseSince(since, ctx.clock().instant());
        Path file = ctx.config().eventsFile();
        if (!Files.exists(file)) {
            ctx.out().println("no events yet (" + file + " does not exist)");
            return 0;
        }
        Deque<String> shown = new ArrayDeque<>();
        int skipped = 0;
        CancellationSummary group = new CancellationSummary();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException bad) {
                    skipped++;
                    continue;
                }
                if (!matches(e, from)) continue;
                if (!json && !all) {
                    if (group.accepts(e)) {
                        group.add(e);
                        continue;
                    }
                    show(shown, group.flush());
                    if (group.accepts(e)) {
                        group.add(e);
                        continue;
                    }
                }
                show(shown, List.of(json ? line : format(e)));
            }
            show(shown, group.flush());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        shown.forEach(ctx.out()::println);
        if (skipped > 0) {
            ctx.err()
                    .println("warning: " + skipped + " unreadable line(s) in " + file + " skipped");
        }
        return 0;
    }

    private void show(Deque<String> shown, List<String> lines) {
        for (String l : lines) {
            shown.addLast(l);
            if (tail != null && shown.size() > tail) shown.removeFirst();
        }
    }

    /**
     * Consecutive cancellations of protective orders ({@code order.cancelled} or {@code
     * order.cancelled_at_broker} of stop-loss / take-profit orders, one run): a single one is shown
     * as it is, several as one line with their count and time span.
     */
    private static final class CancellationSummary {
        private final List<JsonNode> events = new java.util.ArrayList<>();

        boolean accepts(JsonNode e) {
            String t = e.path("event").asText();
            if (!t.equals("order.cancelled") && !t.equals("order.cancelled_at_broker")) {
                return false;
            }
            if (!protective(e.path("details"))) return false;
            if (events.isEmpty()) return true;
            JsonNode first = events.get(0);
            return first.path("event").asText().equals(t)
                    && first.path("run_id").asText().equals(e.path("run_id").asText());
        }

        void add(JsonNode e) {
            events.add(e);
        }

        List<String> flush() {
            if (events.isEmpty()) return List.of();
            List<String> out;
            if (events.size() == 1) {
                out = List.of(format(events.get(0)));
            } else {
                JsonNode first = events.get(0);
                JsonNode last = events.get(events.size() - 1);
                long orders = 0;
                for (JsonNode e : events)
                    orders += Math.max(1, e.path("details").path("count").asLong(1));
                out =
                        List.of(
                                String.format(
                                        "%s  %-13s %-22s %-22s %s",
                                        last.path("time").asText(),
                                        last.path("actor").asText(),
                                        last.path("event").asText() + " x" + events.size(),
                                        last.path("run_id").asText(),
                                        "{\"protective_orders\":"
                                                + orders
                                                + ",\"since\":\""
                                                + first.path("time").asText()
                                                + "\",\"every_one\":\"events --all\"}"));
            }
            events.clear();
            return out;
        }

        /** Stop-loss / take-profit only: the trader's count, else the ids' kind. */
        private static boolean protective(JsonNode d) {
            if (d.has("count") && d.has("protective")) {
                return d.path("count").asLong() > 0
                        && d.path("count").asLong() == d.path("protective").asLong();
            }
            String ids = d.path("client_order_ids").asText(d.path("client_order_id").asText(""));
            if (ids.isEmpty()) return false;
            for (String id : ids.split(",")) {
                if (!id.contains("-sl-") && !id.contains("-tp-")) return false;
            }
            return true;
        }
    }

    private boolean matches(JsonNode e, Instant from) {
        if (type != null) {
            String t = e.path("event").asText();
            String want = type.endsWith("*") ? type.substring(0, type.length() - 1) : type;
            boolean prefix = type.endsWith("*") || type.endsWith(".");
            if (prefix ? !t.startsWith(want) : !t.equals(want)) return false;
        }
        if (from != null) {
            try {
                if (Instant.parse(e.path("time").asText()).isBefore(from)) return false;
            } catch (DateTimeParseException bad) {
                return false;
            }
        }
        return true;
    }

    private static String format(JsonNode e) {
        return String.format(
                "%s  %-13s %-22s %-22s %s",
                e.path("time").asText(),
                e.path("actor").asText(),
                e.path("event").asText(),
                e.path("run_id").asText(),
                e.path("details").toString());
    }

    static Instant parseSince(String s, Instant now) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException notInstant) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.length() >= 2) {
                char unit = v.charAt(v.length() - 1);
                try {
                    long n = Long.parseLong(v.substring(0, v.length() - 1));
                    Duration d =
                            switch (unit) {
                                case 's' -> Duration.ofSeconds(n);
                                case 'm' -> Duration.ofMinutes(n);
                                case 'h' -> Duration.ofHours(n);
                                case 'd' -> Duration.ofDays(n);
                                default -> null;
                            };
                    if (d != null) return now.minus(d);
                } catch (NumberFormatException ignored) {
                    // falls through to the error below
                }
            }
            throw new UserError(
                    "--since '"
                            + s
                            + "' is neither an ISO-8601 instant nor an age like 30m, 2h, 7d");
        }
    }
}
