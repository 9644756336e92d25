package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forecast} through the CLI on 2,500 real BTC minute bars: the LSTM and the attention model
 * trained with walk-forward validation (one epoch, small networks), evaluated on the holdout,
 * registered under the promotion rule; its help, and its one-line errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForecastCommandIT {

    static final String MODEL = "btc-usd_1m_trees";
    private static final Pattern ROW =
            Pattern.compile(
                    "(?m)^(lstm|attention)\\s+(\\d+)\\s+([\\d.]+)\\s+([\\d.]+|NaN)\\s+"
                            + "([\\d.]+)\\s+([\\d.]+|NaN)\\s+([\\d.]+)\\s+(.*)$");

    @TempDir static Path tmp;
    static CliHarness cli;

    @BeforeAll
    static void ingestFeaturesLabels() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 2500);
        Path csv = tmp.resolve("btc-bars.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("ts,open,high,low,close,volume");
            for (Bar b : bars) {
                w.printf(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%s,%s%n",
                        b.ts(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume());
            }
        }
        Instant now = Instant.ofEpochMilli(bars.get(bars.size() - 1).ts()).plusSeconds(3600);
        String hocon =
                "algotrader.labels.horizon = 15m\n"
                        + "algotrader.research.mlflow.local-dir = \""
                        + tmp.resolve("mlruns")
                        + "\"\n"
                        + "algotrader.forecaster { max-epochs = 1, hidden-size = 8, window = 8 }\n";
        cli = new CliHarness(tmp, hocon, Clock.fixed(now, ZoneOffset.UTC), Map.of());
        assertThat(
                        cli.run(
                                "ingest",
                                "--source",
                                "csv-bars",
                                "--path",
                                csv.toString(),
                                "--symbol",
                                "BTC/USD"))
                .as(cli.err())
                .isZero();
        assertThat(cli.run("features")).as(cli.err()).isZero();
        assertThat(cli.run("labels")).as(cli.err()).isZero();
    }

    @Test
    @Order(1)
    void helpNamesTheModelsAndOptions() {
        assertThat(cli.run("forecast", "--help")).isZero();
        assertThat(cli.out())
                .contains("Usage:")
                .contains("forecast")
                .contains("LSTM, attention")
                .contains("--symbol")
                .contains("--interval");
    }

    @Test
    @Order(2)
    void trainsTheSequenceModelsWalkForwardThenOnTheHoldout() {
        int code = cli.run("forecast");
        assertThat(code).as(cli.err()).isZero();
        String out = cli.out();
        System.out.println(out);
        assertThat(out)
                .contains("forecast BTC/USD 1m")
                .contains("walk-forward folds")
                .contains("wf_logloss")
                .contains("h_auc")
                .containsPattern("(?m)^forecast: [\\d,]+ in, 1 out");
        Matcher m = ROW.matcher(out);
        int rows = 0;
        while (m.find()) {
            rows++;
            double wfLogLoss = Double.parseDouble(m.group(3));
            double holdoutLogLoss = Double.parseDouble(m.group(5));
            assertThat(wfLogLoss).as(m.group()).isBetween(0.3, 1.5);
            assertThat(holdoutLogLoss).as(m.group()).isBetween(0.3, 1.5);
        }
        assertThat(rows).as("lstm and attention rows in\n" + out).isEqualTo(2);
        // registered under the research model name; the first version became champion
        assertThat(tmp.resolve("mlruns/models/" + MODEL + "/aliases/champion")).hasContent("1");
        assertThat(cli.eventTypes()).contains("model.registered", "model.promoted");
    }

    @Test
    @Order(3)
    void anUnknownSeriesIsOneLineUserError() {
        int code = cli.run("forecast", "--symbol", "ETH/USD");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("no rows for ETH/USD").doesNotContain("\tat ");
    }
}
