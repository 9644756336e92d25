package dev.algotrader.batch.bench;

import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.schema.Bar;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The input of {@code make bench-scale}: {@code symbols × bars} synthetic 1-minute bars ({@link
 * SyntheticBars}, seeded) in {@code full.csv}, and the next day of each series ({@code day} bars)
 * in {@code day.csv}, the incremental ingest run as three commands, and the day after it in {@code
 * day2.csv}, the one {@code refresh} ingests. Columns {@code ts,symbol,open,high,low,close,volume}
 * with epoch-millisecond times and four decimals.
 *
 * <p>Usage: {@code ScaleData OUT_DIR [symbols] [barsPerSymbol] [dayBars]} (default 2, 1,000,000,
 * 1,440). The first two symbols are BTC/USD and ETH/USD, the others SYM002/USD, …
 */
public final class ScaleData {

    private ScaleData() {}

    /** The symbol names of a run of {@code n} symbols. */
    public static List<String> symbols(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    i == 0
                            ? "BTC/USD"
                            : i == 1 ? "ETH/USD" : String.format(Locale.ROOT, "SYM%03d/USD", i));
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int bars = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int day = args.length > 3 ? Integer.parseInt(args[3]) : 1_440;
        long lines = write(dir, symbols, bars, day, 42L);
        PrintStream out = System.out; // the tool's own output
        out.printf(
                Locale.ROOT,
                "scale data: %,d bars in %s (full.csv: %d × %,d, day.csv and day2.csv: %d × %,d"
                        + " each)%n",
                lines,
                dir,
                symbols,
                bars,
                symbols,
                day);
    }

    /** Writes both files; returns the number of bars written. */
    public static long write(Path dir, int symbols, int bars, int day, long seed)
            throws IOException {
        Files.createDirectories(dir);
        long n = 0;
        try (BufferedWriter full = Files.newBufferedWriter(dir.resolve("full.csv"));
                BufferedWriter next =
                        Files.newBufferedWriter(dir.resolve("day.csv"), StandardCharsets.UTF_8);
                BufferedWriter after =
                        Files.newBufferedWriter(dir.resolve("day2.csv"), StandardCharsets.UTF_8)) {
            for (BufferedWriter w : List.of(full, next, after)) {
                w.write("ts,symbol,open,high,low,close,volume\n");
            }
            List<String> names = symbols(symbols);
            for (int s = 0; s < symbols; s++) {
                List<Bar> series =
                        SyntheticBars.generate(names.get(s), "1m", bars + 2 * day, seed + s);
                StringBuilder b = new StringBuilder(96);
                for (int i = 0; i < series.size(); i++) {
                    Bar x = series.get(i);
                    b.setLength(0);
                    b.append(x.ts()).append(',').append(x.symbol());
                    for (double v : new double[] {x.open(), x.high(), x.low(), x.close()}) {
                        b.append(',').append(Math.round(v * 1e4) / 1e4);
                    }
                    b.append(',').append(Math.round(x.volume() * 1e4) / 1e4).append('\n');
                    (i < bars ? full : i < bars + day ? next : after).write(b.toString());
                    n++;
                }
            }
        }
        return n;
    }
}
