package dev.algotrader.cli.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every notebook in {@code notebooks/} runs headless (Jupyter nbconvert, Debian's python3) on files
 * shaped exactly like {@code algo-trader export ... --format csv} output, and draws its plots. The
 * bars are the real BTC sample; the other tables are derived from them here (fixture data, not the
 * jobs' output: the end-to-end IT runs the notebooks on real exports).
 */
class NotebooksTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final String NBCONVERT = "/usr/bin/jupyter-nbconvert";
    @TempDir static Path export;

    static final List<String> NOTEBOOKS =
            List.of(
                    "01_data_quality",
                    "02_features_and_labels",
                    "03_model_evaluation",
                    "04_backtest_equity");
    static String log;
    static int exitCode;

    /** Executes all notebooks in one nbconvert run (one process start instead of four). */
    @BeforeAll
    static void writeExportsAndExecute() throws Exception {
        assertThat(Path.of(NBCONVERT))
                .as("Jupyter is missing: run scripts/install-test-deps.sh")
                .exists();
        writeFixtureExports(export, SampleData.btcMinuteBars());
        List<String> cmd =
                new java.util.ArrayList<>(
                        List.of(
                                NBCONVERT,
                                "--to",
                                "notebook",
                                "--execute",
                                "--ExecutePreprocessor.timeout=120",
                                "--output-dir",
                                export.resolve("executed").toString()));
        NOTEBOOKS.forEach(n -> cmd.add(ROOT.resolve("notebooks/" + n + ".ipynb").toString()));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .directory(ROOT.resolve("notebooks").toFile());
        pb.environment().put("ALGOTRADER_EXPORT_DIR", export.toString());
        Process p = pb.start();
        log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        exitCode = p.exitValue();
    }

    @ParameterizedTest
    @CsvSource({
        "01_data_quality, 2",
        "02_features_and_labels, 3",
        "03_model_evaluation, 1",
        "04_backtest_equity, 1"
    })
    void notebookRunsAndDrawsItsPlots(String name, int plots) throws Exception {
        Path executed = export.resolve("executed").resolve(name + ".ipynb");
        assertThat(executed).as("%s did not run: %s", name, log).exists();
        JsonNode nb = new ObjectMapper().readTree(executed.toFile());
        int images = 0;
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                assertThat(o.path("output_type").asText()).as(o.toString()).isNotEqualTo("error");
                if (o.path("data").has("image/png")) images++;
            }
        }
        assertThat(images).as(name + " plots").isEqualTo(plots);
    }

    @org.junit.jupiter.api.Test
    void nbconvertSucceededForAll() {
        assertThat(exitCode).as(log).isZero();
    }

    /** Writes CSVs with the columns of the exported tables (see dev.algotrader.schema.Table). */
    static void writeFixtureExports(Path dir, List<Bar> bars) throws IOException {
        int n = bars.size();
        double[] close = bars.stream().mapToDouble(Bar::close).toArray();
        try (PrintWriter w = csv(dir, "silver_bars")) {
            w.println(
                    "symbol,interval,ts,bar_time,date,open,high,low,close,volume,gap_before,source");
            for (int i = 0; i < n; i++) {
                Bar b = bars.get(i);
                Instant t = Instant.ofEpochMilli(b.ts());
                boolean gap = i > 0 && b.ts() - bars.get(i - 1).ts() > 60_000;
                w.printf(
                        Locale.ROOT,
                        "%s,%s,%d,%s,%s,%.2f,%.2f,%.2f,%.2f,%.8f,%b,bitstamp%n",
                        b.symbol(),
                        b.interval(),
                        b.ts(),
                        t,
                        t.atZone(ZoneOffset.UTC).toLocalDate(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume(),
                        gap);
            }
        }
        try (PrintWriter w = csv(dir, "bronze_bars_rejected")) {
            w.println("source,source_file,line,raw,reason,ingest_time");
            w.println(
                    "csv,bad.csv,3,\"1385337600,abc,1\",non-numeric: price 'abc',2026-11-25T00:00:00Z");
            w.println("csv,bad.csv,4,\"1385337660,-5,1\",negative price: -5,2026-11-25T00:00:00Z");
            w.println("csv,bad.csv,5,\"1385337660,-5,1\",negative price: -5,2026-11-25T00:00:00Z");
        }
        try (PrintWriter w = csv(dir, "silver_features")) {
            w.println(
                    "symbol,interval,ts,feature_set,warm,log_return_1,log_return_4,volatility_24");
            for (int i = 0; i < n; i++) {
                double r1 = i >= 1 ? Math.log(close[i] / close[i - 1]) : Double.NaN;
                double r4 = i >= 4 ? Math.log(close[i] / close[i - 4]) : Double.NaN;
                double vol = Double.NaN;
                if (i >= 24) {
                    double s = 0, s2 = 0;
                    for (int k = i - 23; k <= i; k++) {
                        double r = Math.log(close[k] / close[k - 1]);
                        s += r;
                        s2 += r * r;
                    }
                    vol = Math.sqrt(Math.max(0, s2 / 24 - (s / 24) * (s / 24)));
                }
                w.printf(
                        Locale.ROOT,
                        "%s,%s,%d,core_v1,%b,%s,%s,%s%n",
                        bars.get(i).symbol(),
                        bars.get(i).interval(),
                        bars.get(i).ts(),
                        i >= 24,
                        num(r1),
                        num(r4),
                        num(vol));
            }
        }
        int horizon = 240;
        Random rnd = new Random(7);
        try (PrintWriter labels = csv(dir, "gold_labels");
                PrintWriter preds = csv(dir, "gold_predictions")) {
            labels.println("symbol,interval,ts,horizon,forward_log_return,direction,label");
            preds.println("model,version,symbol,interval,ts,probability_up,fold");
            for (int i = 0; i + horizon < n; i++) {
                double f = Math.log(close[i + horizon] / close[i]);
                String dir3 = f > 0.001 ? "UP" : f < -0.001 ? "DOWN" : "FLAT";
                Bar b = bars.get(i);
                labels.printf(
                        Locale.ROOT,
                        "%s,%s,%d,%d,%.10f,%s,%d%n",
                        b.symbol(),
                        b.interval(),
                        b.ts(),
                        horizon,
                        f,
                        dir3,
                        dir3.equals("UP") ? 1 : dir3.equals("DOWN") ? -1 : 0);
                double p = 1 / (1 + Math.exp(-(200 * f + rnd.nextGaussian())));
                preds.printf(
                        Locale.ROOT,
                        "rf,1,%s,%s,%d,%.6f,%s%n",
                        b.symbol(),
                        b.interval(),
                        b.ts(),
                        p,
                        i < n / 2 ? "fold-1" : "holdout");
            }
        }
        try (PrintWriter w = csv(dir, "trading_equity");
                PrintWriter f = csv(dir, "trading_fills")) {
            w.println("run_id,ts,cash,position_value,equity");
            f.println("run_id,client_order_id,symbol,ts,side,quantity,price,fee,slippage_cost");
            double qty = 10_000 / close[0];
            f.printf(
                    Locale.ROOT,
                    "buy-and-hold,bh-1,%s,%d,BUY,%.8f,%.2f,0.0,0.0%n",
                    bars.get(0).symbol(),
                    bars.get(0).ts(),
                    qty,
                    close[0]);
            for (int i = 0; i < n; i++) {
                w.printf(
                        Locale.ROOT,
                        "buy-and-hold,%d,0.0,%.4f,%.4f%n",
                        bars.get(i).ts(),
                        qty * close[i],
                        qty * close[i]);
            }
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.10f", v);
    }

    private static PrintWriter csv(Path dir, String name) throws IOException {
        return new PrintWriter(
                Files.newBufferedWriter(dir.resolve(name + ".csv"), StandardCharsets.UTF_8));
    }
}
