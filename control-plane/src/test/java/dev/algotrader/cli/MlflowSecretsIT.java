package dev.algotrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.fixtures.MlflowServerProcess;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave the process: the CLI trains, fails, lists, repairs and paper-trades against
 * the real MLflow server with basic auth (credentials in the tracking URI) and with other secrets
 * in its environment, then every output is searched for them: the console, the log file, {@code
 * events.jsonl}, every file under the data root (reports, trader outputs and state, tables) and the
 * runs' params and tags and the model versions read back from the server.
 */
class MlflowSecretsIT {

    static final String USER = "admin";
    static final String PASSWORD = "Cli-S3cret-pw-4711";
    static final String WRONG = "Wrong-S3cret-pw-0815";
    static final String TOKEN = "tok-S3cret-7f3a9c";
    static final String ALPACA = "alpaca-S3cret-key-55";
    static final List<String> SECRETS = List.of(PASSWORD, WRONG, TOKEN, ALPACA);

    @TempDir static Path tmp;
    static MlflowServerProcess server;
    static final StringBuilder console = new StringBuilder();

    @BeforeAll
    static void start() {
        server = MlflowServerProcess.start(tmp.resolve("mlflow"), USER + ":" + PASSWORD, false);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static CliHarness cli(Path root, String password, Instant now) {
        String uri = server.uriWith(USER, password);
        String hocon =
                "algotrader.labels.horizon = 15m\n"
                        + "algotrader.research { validation { folds = 2, min-train-bars = 150,"
                        + " holdout-fraction = 0.25 }, mlflow.tracking-uri = \""
                        + uri
                        + "\" }\n"
                        + "algotrader.trader.champion.registry = \""
                        + uri
                        + "\"\n"
                        + "algotrader.trader.model-unavailable = model-free\n";
        return new CliHarness(
                root,
                hocon,
                Clock.fixed(now, ZoneOffset.UTC),
                Map.of("MLFLOW_TRACKING_TOKEN", TOKEN, "APCA_API_SECRET_KEY", ALPACA));
    }

    static int run(CliHarness cli, String... args) {
        int code = cli.run(args);
        console.append(cli.out()).append(cli.err());
        return code;
    }

    @Test
    void noSecretInAnyOutputOfASucceedingAndAFailingRun() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 1200);
        Path csv = tmp.resolve("bars.csv");
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
        Path root = Files.createDirectories(tmp.resolve("root"));
        CliHarness cli = cli(root, PASSWORD, now);
        assertThat(
                        run(
                                cli,
                                "ingest",
                                "--source",
                                "csv-bars",
                                "--path",
                                csv.toString(),
                                "--symbol",
                                "BTC/USD"))
                .as(cli.err())
                .isZero();
        assertThat(run(cli, "features")).as(cli.err()).isZero();
        assertThat(run(cli, "labels")).as(cli.err()).isZero();

        // a succeeding run, and one that fails inside the run (an impossible tree depth)
        assertThat(
                        run(
                                cli,
                                "train",
                                "--model",
                                "gbt",
                                "--param",
                                "maxIter=4",
                                "--param",
                                "maxDepth=3"))
                .as(cli.err())
                .isZero();
        assertThat(run(cli, "train", "--model", "gbt", "--param", "maxDepth=-3")).isNotZero();
        assertThat(run(cli, "models")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("champion");
        assertThat(run(cli, "models", "--repair")).as(cli.err()).isZero();
        assertThat(run(cli, "paper-once")).as(cli.err()).isZero();
        // a wrong password: the command fails, the message names what to check
        CliHarness wrong = cli(root, WRONG, now);
        assertThat(run(wrong, "models")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(wrong.err())
                .contains("HTTP 401")
                .contains("rejected the credentials from the user:password in the tracking URI");

        List<String> places = new ArrayList<>();
        places.add("console:\n" + console);
        for (String f : logFiles()) places.add("log " + f + ":\n" + Files.readString(Path.of(f)));
        assertThat(cli.eventsFile()).exists();
        try (Stream<Path> files = Files.walk(root)) {
            // test.conf is the test's input (it holds the URIs with the passwords), not an output
            for (Path f :
                    files.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().equals("test.conf"))
                            .toList()) {
                places.add(
                        f + ":\n" + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        String runs =
                mlflow(
                        "runs/search",
                        "{\"experiment_ids\":" + experimentIds() + ",\"max_results\":1000}");
        assertThat(runs)
                .contains("\"params\"")
                .contains("mlflow.source.git.commit")
                .contains("FAILED");
        places.add("MLflow runs:\n" + runs);
        places.add("MLflow versions:\n" + mlflow("model-versions/search", null));
        places.add("MLflow models:\n" + mlflow("registered-models/search", null));
        assertThat(places.get(0)).contains("train:").contains("error:");
        for (String place : places) {
            for (String secret : SECRETS) {
                assertThat(place)
                        .as("%s in %s", secret, place.substring(0, Math.min(120, place.length())))
                        .doesNotContain(secret)
                        .doesNotContain(secret.replace("-", "%2D"));
            }
        }
    }

    /** The files the log4j file appenders of this JVM write. */
    static List<String> logFiles() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        List<String> out = new ArrayList<>();
        ctx.getConfiguration()
                .getAppenders()
                .values()
                .forEach(
                        a -> {
                            if (a instanceof FileAppender f) out.add(f.getFileName());
                        });
        assertThat(out).as("a log file").isNotEmpty();
        return out;
    }

    static String experimentIds() throws Exception {
        String res = mlflow("experiments/search", "{\"max_results\":1000}");
        List<String> ids = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(res)
                .path("experiments")
                .forEach(e -> ids.add("\"" + e.path("experiment_id").asText() + "\""));
        return ids.toString();
    }

    static String mlflow(String path, String postBody) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/" + path))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (USER + ":" + PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)));
        if (postBody != null) {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(postBody));
        }
        HttpResponse<String> r =
                HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return r.body();
    }
}
