package dev.algotrader.batch.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.batch.BadInputException;
import dev.algotrader.core.data.coingecko.CoinGeckoCandles;
import dev.algotrader.core.data.coingecko.CoinGeckoClient;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Turns one source into {@link Records} rows. CSV files are read by Spark (line numbers from {@code
 * zipWithIndex}); ta4j JSON and CoinGecko responses are small and parsed on the driver. File-level
 * problems (empty file, truncated JSON) become one rejected record with line 0 or the line where
 * reading stopped.
 */
final class SourceReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TA4J_NAME = Pattern.compile("^(.+?)_(P[T0-9A-Z]+)(@.*)?$");

    private final SparkSession spark;
    private final boolean assumeUtc;
    private final Supplier<CoinGeckoClient> coingecko;

    SourceReader(SparkSession spark, boolean assumeUtc, Supplier<CoinGeckoClient> coingecko) {
        this.spark = spark;
        this.assumeUtc = assumeUtc;
        this.coingecko = coingecko;
    }

    Dataset<Row> read(SourceSpec s) {
        List<Dataset<Row>> parts = new ArrayList<>();
        if (s.type() == SourceSpec.Type.COINGECKO) {
            parts.add(rows(coingecko(s)));
        } else {
            List<Path> files = new ArrayList<>();
            for (Path p : s.paths()) files.addAll(InputFiles.expand(p, s.type(), s.name()));
            for (Path p : files) {
                InputFiles.requireReadable(p);
                parts.add(s.type() == SourceSpec.Type.TA4J_JSON ? rows(ta4j(s, p)) : csv(s, p));
            }
        }
        Dataset<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) all = all.union(parts.get(i));
        return all;
    }

    private Dataset<Row> rows(List<Row> rows) {
        return spark.createDataFrame(rows, Records.SCHEMA);
    }

    private Dataset<Row> csv(SourceSpec s, Path p) {
        String file = p.toAbsolutePath().normalize().toString();
        String first;
        InputFiles.requireText(p);
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            first = r.readLine();
            String second = first == null ? null : r.readLine();
            if (first == null || (s.header() && second == null)) {
                String why = first == null ? "empty file" : "empty file: header but no data rows";
                return rows(List.of(Records.rejected(s.name(), file, 0, first, false, why)));
            }
            InputFiles.requireDelimiter(first, second, s.delimiter(), file, s.name());
        } catch (IOException e) {
            throw new BadInputException(InputFiles.describe(p, e), e);
        }
        boolean trades =
                switch (s.type()) {
                    case CSV_TRADES -> true;
                    case CSV_BARS -> false;
                    default -> looksLikeTrades(first, s);
                };
        CsvFormat format =
                CsvFormat.resolve(
                        s.header() ? first : null,
                        s.header(),
                        s.delimiter(),
                        s.timeUnit(),
                        trades,
                        s.columns(),
                        file);
        if (format.symbol() < 0 && s.symbol() == null) {
            throw new BadInputException(
                    file
                            + " has no symbol column: give the symbol (--symbol BTC/USD or the source's symbol)");
        }
        CsvLineParser parser =
                new CsvLineParser(s.name(), file, format, s.symbol(), s.interval(), assumeUtc);
        return CsvFrames.read(
                spark,
                p.toUri().toString(),
                parser,
                format,
                s.name(),
                file,
                s.symbol(),
                s.interval());
    }

    private static boolean looksLikeTrades(String headerLine, SourceSpec s) {
        if (s.columns().containsKey("price")) return true;
        if (s.columns().containsKey("open")) return false;
        String h = headerLine.toLowerCase(java.util.Locale.ROOT);
        return !h.contains("open") && (h.contains("price") || h.contains("amount"));
    }

    /** ta4j bars JSON: {@code {"name":"ETH/USD_PT5M@X","ohlc":[{"endTime":..,...}]}}. */
    List<Row> ta4j(SourceSpec s, Path p) {
        String file = p.toAbsolutePath().normalize().toString();
        List<JsonNode> items = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        String name = null;
        Row fileProblem = null;
        try (InputStream in = Files.newInputStream(p);
                JsonParser jp = JSON.getFactory().createParser(in)) {
            JsonToken t = jp.nextToken();
            if (t == null) {
                return List.of(Records.rejected(s.name(), file, 0, null, false, "empty file"));
            }
            if (t != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object at the top");
            }
            while ((t = jp.nextToken()) == JsonToken.FIELD_NAME) {
                String field = jp.getCurrentName();
                jp.nextToken();
                if (field.equals("name")) {
                    name = jp.getValueAsString();
                } else if (field.equals("ohlc") && jp.currentToken() == JsonToken.START_ARRAY) {
                    while (jp.nextToken() == JsonToken.START_OBJECT) {
                        long line = jp.currentLocation().getLineNr();
                        items.add(jp.readValueAsTree());
                        lines.add(line);
                    }
                } else {
                    jp.skipChildren();
                }
            }
        } catch (IOException e) {
            long line = lines.isEmpty() ? 0 : lines.get(lines.size() - 1) + 1;
            fileProblem =
                    Records.rejected(
                            s.name(),
                            file,
                            line,
                            null,
                            false,
                            "truncated or malformed JSON after "
                                    + items.size()
                                    + " complete bars: "
                                    + e.getMessage().lines().findFirst().orElse(""));
        }
        String symbol = s.symbol();
        String interval = s.interval();
        if (name != null) {
            Matcher m = TA4J_NAME.matcher(name);
            if (m.matches()) {
                if (symbol == null) symbol = m.group(1);
                if (interval == null) interval = intervalText(Duration.parse(m.group(2)));
            }
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode n = items.get(i);
            long line = lines.get(i);
            String raw = n.toString();
            if (symbol == null || interval == null) {
                out.add(
                        Records.rejected(
                                s.name(),
                                file,
                                line,
                                raw,
                                false,
                                "ta4j JSON without a 'name' like ETH/USD_PT5M@Exchange: give symbol and interval"));
                continue;
            }
            String missing = null;
            for (String f :
                    List.of(
                            "endTime",
                            "openPrice",
                            "highPrice",
                            "lowPrice",
                            "closePrice",
                            "volume")) {
                if (!n.has(f) || n.get(f).isNull())
                    missing = missing == null ? f : missing + "," + f;
            }
            if (missing != null) {
                out.add(
                        Records.rejected(
                                s.name(), file, line, raw, false, "missing field(s) " + missing));
                continue;
            }
            if (!n.get("endTime").canConvertToLong()) {
                out.add(Records.rejected(s.name(), file, line, raw, false, "non-numeric endTime"));
                continue;
            }
            Double o = num(n, "openPrice"),
                    h = num(n, "highPrice"),
                    l = num(n, "lowPrice"),
                    c = num(n, "closePrice"),
                    v = num(n, "volume");
            if (o == null || h == null || l == null || c == null || v == null) {
                out.add(
                        Records.rejected(
                                s.name(), file, line, raw, false, "non-numeric price or volume"));
                continue;
            }
            // endTime is the last millisecond of the bar: open = endTime + 1 - interval
            long ts = n.get("endTime").asLong() + 1 - BarInterval.parse(interval).millis();
            out.add(
                    Records.ok(
                            s.name(), file, line, raw, symbol, interval, ts, o, h, l, c, v, false));
        }
        if (fileProblem != null) out.add(fileProblem);
        return out;
    }

    private static Double num(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v.isNumber()) return v.asDouble();
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * CoinGecko rows: OHLC candles (close time → open = close - interval, volume 0) or prices as
     * trades.
     */
    List<Row> coingecko(SourceSpec s) {
        CoinGeckoClient client = coingecko.get();
        String coin = req(s, "coin-id");
        String vs = s.coingecko().getOrDefault("vs-currency", "usd");
        String endpoint = s.coingecko().getOrDefault("endpoint", "ohlc");
        if (s.symbol() == null) {
            throw new BadInputException(
                    "source " + s.name() + " needs a symbol, e.g. symbol = \"BTC/USD\"");
        }
        List<Row> out = new ArrayList<>();
        if (endpoint.equals("ohlc")) {
            String days = s.coingecko().getOrDefault("days", "1");
            String file =
                    client.url("/coins/" + coin + "/ohlc?vs_currency=" + vs + "&days=" + days);
            JsonNode arr = client.ohlc(coin, vs, days);
            long step = BarInterval.parse(s.interval()).millis();
            // CoinGecko gives the candle's CLOSE time and no volume
            for (CoinGeckoCandles.Candle c :
                    CoinGeckoCandles.parse(arr, s.symbol(), s.interval(), step)) {
                if (!c.ok()) {
                    out.add(Records.rejected(s.name(), file, c.index(), c.raw(), false, c.error()));
                    continue;
                }
                Bar b = c.bar();
                out.add(Records.ok(s.name(), file, c.index(), c.raw(), b));
            }
        } else if (endpoint.equals("market-chart-range")) {
            long from = epochSeconds(req(s, "from"));
            long to = epochSeconds(req(s, "to"));
            String file =
                    client.url(
                            "/coins/"
                                    + coin
                                    + "/market_chart/range?vs_currency="
                                    + vs
                                    + "&from="
                                    + from
                                    + "&to="
                                    + to);
            JsonNode prices = client.marketChartRange(coin, vs, from, to).path("prices");
            int i = 0;
            for (JsonNode pt : prices) {
                i++;
                String raw = pt.toString();
                if (!pt.isArray() || pt.size() != 2 || !pt.get(0).canConvertToLong()) {
                    out.add(
                            Records.rejected(
                                    s.name(),
                                    file,
                                    i,
                                    raw,
                                    true,
                                    "malformed price point: expected [time, price]"));
                    continue;
                }
                double px = pt.get(1).asDouble(Double.NaN);
                // price points become zero-amount trades aggregated into bars of the interval
                out.add(
                        Records.ok(
                                s.name(),
                                file,
                                i,
                                raw,
                                s.symbol(),
                                s.interval(),
                                pt.get(0).asLong(),
                                px,
                                px,
                                px,
                                px,
                                0.0,
                                true));
            }
        } else {
            throw new BadInputException(
                    "source "
                            + s.name()
                            + ": unknown coingecko endpoint '"
                            + endpoint
                            + "': use ohlc or market-chart-range");
        }
        return out;
    }

    private static String req(SourceSpec s, String key) {
        String v = s.coingecko().get(key);
        if (v == null) throw new BadInputException("source " + s.name() + " needs " + key);
        return v;
    }

    private static long epochSeconds(String s) {
        if (s.matches("\\d+")) return Long.parseLong(s);
        try {
            return Instant.parse(s).getEpochSecond();
        } catch (RuntimeException e) {
            throw new BadInputException(
                    "time '" + s + "' is not epoch seconds or ISO-8601 like 2024-01-01T00:00:00Z");
        }
    }

    static String intervalText(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        return ms / 1000 + "s";
    }
}
