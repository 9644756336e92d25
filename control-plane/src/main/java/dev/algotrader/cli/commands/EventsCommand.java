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

    @Option(names = "--json", description = "Print the raw JSON lines.")
    boolean json;

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
                shown.addLast(json ? line : format(e));
                if (tail != null && shown.size() > tail) shown.removeFirst();
            }
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
