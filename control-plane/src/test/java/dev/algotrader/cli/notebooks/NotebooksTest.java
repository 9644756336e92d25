package dev.algotrader.cli.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.labels.Labeler;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Label;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * shaped exactly like {@code algo-trader export ... --format csv} output, and draws its plots. Bars
 * are the real BTC sample, features and labels come from the core FeatureEngine and Labeler; the
 * predictions and the buy-and-hold equity are fixtures derived from them (not model output).
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
        // features and labels: the project's own engine and labeler (trading-core) on the real bars
        FeatureSetSpec spec = FeatureSetSpec.DEFAULT;
        List<FeatureRow> features = FeatureEngine.computeAll(spec, bars);
        try (PrintWriter w = csv(dir, "silver_features")) {
            w.println(
                    "symbol,interval,ts,feature_set,warm," + String.join(",", spec.featureNames()));
            for (FeatureRow r : features) {
                StringBuilder line =
                        new StringBuilder(
                                String.join(
                                        ",",
                                        r.symbol(),
                                        r.interval(),
                                        String.valueOf(r.ts()),
                                        r.featureSetId(),
                                        String.valueOf(r.warm())));
                for (double v : r.values()) line.append(',').append(num(v));
                w.println(line);
            }
        }
        List<Label> labels =
                Labeler.of(Duration.ofHours(4), BarInterval.parse(bars.get(0).interval()), 0.0005)
                        .label(bars);
        Random rnd = new Random(7);
        try (PrintWriter lw = csv(dir, "gold_labels");
                PrintWriter preds = csv(dir, "gold_predictions")) {
            lw.println("symbol,interval,ts,horizon,forward_log_return,direction,label");
            preds.println("model,version,symbol,interval,ts,probability_up,fold");
            int i = 0;
            for (Label l : labels) {
                lw.printf(
                        Locale.ROOT,
                        "%s,%s,%d,%d,%.10f,%s,%d%n",
                        l.symbol(),
                        l.interval(),
                        l.ts(),
                        l.horizonBars(),
                        l.forwardLogReturn(),
                        l.direction(),
                        l.direction().ordinal()); // 0 DOWN, 1 FLAT, 2 UP as gold/labels
                // fixture scores: a noisy function of the outcome, so calibration/ROC have shape
                double p = 1 / (1 + Math.exp(-(200 * l.forwardLogReturn() + rnd.nextGaussian())));
                preds.printf(
                        Locale.ROOT,
                        "rf,1,%s,%s,%d,%.6f,%s%n",
                        l.symbol(),
                        l.interval(),
                        l.ts(),
                        p,
                        i++ < labels.size() / 2 ? "fold-1" : "holdout");
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
