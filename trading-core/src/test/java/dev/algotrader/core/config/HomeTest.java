package dev.algotrader.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative path of the configuration resolves against the home, never the cwd. */
class HomeTest {

    @TempDir Path tmp;

    private static Properties props(String home) {
        Properties p = new Properties();
        if (home != null) p.setProperty(Home.PROPERTY, home);
        return p;
    }

    @Test
    void thePropertyWinsOverTheEnvironmentAndNothingMeansNoHome() {
        Home h = Home.locate(props("/opt/a"), Map.of(Home.ENV, "/srv/b"));
        assertThat(h.dir()).contains(Path.of("/opt/a"));
        assertThat(h.origin()).isEqualTo("system property algotrader.home");
        Home e = Home.locate(props(null), Map.of(Home.ENV, "/srv/b"));
        assertThat(e.dir()).contains(Path.of("/srv/b"));
        assertThat(e.origin()).isEqualTo("environment variable ALGOTRADER_HOME");
        assertThat(Home.locate(props(null), Map.of()).dir()).isEmpty();
    }

    @Test
    void aRelativeHomeIsRefused() {
        assertThatThrownBy(() -> Home.locate(props(null), Map.of(Home.ENV, "data")))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("must be an absolute path");
    }

    @Test
    void absolutePathsAndUrisStayRelativeOnesGoUnderTheHome() {
        Home h = Home.of(Path.of("/opt/at"));
        assertThat(h.path("k", "data")).isEqualTo(Path.of("/opt/at/data"));
        assertThat(h.path("k", "./data/../mlruns")).isEqualTo(Path.of("/opt/at/mlruns"));
        assertThat(h.path("k", "/var/x")).isEqualTo(Path.of("/var/x"));
        assertThat(h.path("k", "file:///var/y")).isEqualTo(Path.of("/var/y"));
        assertThat(h.location("k", "s3a://bucket/sp")).isEqualTo("s3a://bucket/sp");
        assertThat(h.location("k", "hdfs://nn:8020/sp")).isEqualTo("hdfs://nn:8020/sp");
        assertThat(h.location("k", "http://mlflow:5000")).isEqualTo("http://mlflow:5000");
        assertThat(h.location("k", "sp")).isEqualTo("/opt/at/sp");
        assertThatThrownBy(() -> h.path("algotrader.data-root", "s3a://bucket/data"))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("algotrader.data-root = 's3a://bucket/data' is a URI");
    }

    @Test
    void aRelativePathWithoutAHomeIsAClearErrorNotTheWorkingDirectory() {
        assertThatThrownBy(() -> Home.unknown().path("algotrader.data-root", "data"))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("algotrader.data-root = 'data' is relative and no home")
                .hasMessageContaining("ALGOTRADER_HOME")
                .hasMessageContaining("spark.driver.extraJavaOptions=-Dalgotrader.home");
        AppConfig c = AppConfig.load("local", null, null, Home.unknown(), Map.of());
        assertThatThrownBy(c::dataRoot).hasMessageContaining("is relative and no home is set");
        assertThatThrownBy(() -> c.path("algotrader.trader.state-dir"))
                .hasMessageContaining("algotrader.trader.state-dir = 'data/trader/state'");
        // absolute settings need no home
        AppConfig abs =
                AppConfig.load(
                        "local",
                        null,
                        null,
                        Home.unknown(),
                        Map.of("algotrader.data-root", tmp.resolve("d").toString()));
        assertThat(abs.dataRoot()).isEqualTo(tmp.resolve("d"));
    }

    @Test
    void everyPathSettingOfTheLoadedConfigIsAbsoluteUnderTheHome() throws Exception {
        Path conf = tmp.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(
                conf.resolve("extra.conf"),
                "algotrader.ingest.sources.mine { type = csv, paths = [\"in/a.csv\", \"/abs/b.csv\"] }\n"
                        + "algotrader.control.flink.savepoint-dir = \"savepoints\"\n"
                        + "algotrader.trader.champion.registry = \"http://mlflow:5000\"\n");
        Home home = Home.of(tmp);
        AppConfig c =
                AppConfig.load(
                        "local",
                        null,
                        conf.resolve("extra.conf"),
                        home,
                        Map.of("algotrader.trader.run-id", "r1"));
        for (String key : AppConfig.PATH_KEYS) {
            String v = c.raw().getString(key);
            assertThat(Path.of(v)).as(key).isAbsolute();
            assertThat(Path.of(v).startsWith(tmp)).as(key + " = " + v).isTrue();
        }
        assertThat(c.dataRoot()).isEqualTo(tmp.resolve("data"));
        assertThat(c.eventsFile()).isEqualTo(tmp.resolve("data/events.jsonl"));
        assertThat(c.reportsDir()).isEqualTo(tmp.resolve("data/reports"));
        assertThat(c.path("algotrader.trader.control-file"))
                .isEqualTo(tmp.resolve("data/trader/control.json"));
        assertThat(c.raw().getStringList("algotrader.ingest.sources.mine.paths"))
                .containsExactly(tmp.resolve("in/a.csv").toString(), "/abs/b.csv");
        assertThat(c.location("algotrader.control.flink.savepoint-dir"))
                .isEqualTo(tmp.resolve("savepoints").toString());
        assertThat(c.location("algotrader.trader.champion.registry"))
                .isEqualTo("http://mlflow:5000");
        assertThat(c.raw().getString("algotrader.trader.run-id")).isEqualTo("r1");
        assertThat(c.home().dir()).contains(tmp);
    }

    @Test
    void theHomesConfFolderIsReadFromAnyWorkingDirectory() throws Exception {
        Path conf = tmp.resolve("conf");
        Files.createDirectories(conf);
        String base =
                new String(
                        HomeTest.class
                                .getClassLoader()
                                .getResourceAsStream("conf/base.conf")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
        // a site's base.conf with another default: read because it is the home's
        Files.writeString(
                conf.resolve("base.conf"),
                base.replace("reports-dir = \"data/reports\"", "reports-dir = \"site-reports\""));
        for (String f :
                new String[] {"spark", "data", "research", "backtest", "trader", "control"}) {
            Files.createDirectories(conf.resolve("defaults"));
            Files.write(
                    conf.resolve("defaults/" + f + ".conf"),
                    HomeTest.class
                            .getClassLoader()
                            .getResourceAsStream("conf/defaults/" + f + ".conf")
                            .readAllBytes());
        }
        AppConfig c = AppConfig.load("local", null, null, Home.of(tmp), Map.of());
        assertThat(c.reportsDir()).isEqualTo(tmp.resolve("site-reports"));
    }

    @Test
    void anUnknownOverrideKeyIsRefused() {
        assertThatThrownBy(
                        () ->
                                AppConfig.load(
                                        "local",
                                        null,
                                        null,
                                        Home.of(tmp),
                                        Map.of("algotrader.trader.nope", "x")))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("algotrader.trader.nope (in --set)");
    }
}
