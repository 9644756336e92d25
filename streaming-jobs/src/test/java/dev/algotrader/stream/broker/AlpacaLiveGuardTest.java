package dev.algotrader.stream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.stream.TraderLauncher;
import dev.algotrader.stream.TraderRunner;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live guard is in code, not in a URL: Alpaca's live host, spelled any way, is refused unless
 * live trading is fully confirmed, and every host that is neither the paper host nor a loopback
 * test server is refused too — whichever configuration route supplies the URL (a {@code --config}
 * file, an environment overlay, an environment variable substituted into the configuration, the
 * command-line flags). The refusal comes before any connection: a recording proxy selector, which
 * Java's HTTP client consults before it opens a socket, sees no request.
 */
class AlpacaLiveGuardTest {

    static final List<String> LIVE_SPELLINGS =
            List.of(
                    "https://api.alpaca.markets",
                    "https://API.ALPACA.MARKETS",
                    "https://api.alpaca.markets.",
                    "https://api.alpaca.markets..:443/",
                    "https://Api.Alpaca.Markets:8443/v2",
                    "http://api.alpaca.markets",
                    "https://api.alpaca.markets#paper-api.alpaca.markets",
                    "https://api.alpaca.markets/?host=paper-api.alpaca.markets",
                    " https://api.alpaca.markets ");

    static final List<String> OTHER_HOSTS =
            List.of(
                    "https://paper-api.alpaca.markets@api.alpaca.markets",
                    "https://user:s3cr3t@paper-api.alpaca.markets",
                    "https://paper-api.alpaca.markets.evil.example",
                    "https://paper-api-alpaca.markets",
                    "https://34.117.1.5",
                    "https://[2600:1f18::1]",
                    "https://2130706433",
                    "https://127.0.0.1.nip.io",
                    "http://paper-api.alpaca.markets",
                    "ftp://paper-api.alpaca.markets",
                    "paper-api.alpaca.markets",
                    "not a url");

    static final List<String> ALLOWED_PAPER =
            List.of(
                    "https://paper-api.alpaca.markets",
                    "https://PAPER-API.alpaca.markets.:443/",
                    "http://127.0.0.1:8080",
                    "https://127.0.0.1",
                    "http://localhost:9",
                    "http://[::1]:8080");

    @TempDir Path tmp;

    private ProxySelector previous;
    private final List<URI> connections = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void recordConnections() {
        previous = ProxySelector.getDefault();
        ProxySelector.setDefault(
                new ProxySelector() {
                    @Override
                    public List<Proxy> select(URI uri) {
                        connections.add(uri);
                        return List.of(Proxy.NO_PROXY);
                    }

                    @Override
                    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
                });
    }

    @AfterEach
    void restore() {
        ProxySelector.setDefault(previous);
    }

    @Test
    void theLiveHostInAnySpellingNeedsConfirmedLiveTrading() {
        for (String url : LIVE_SPELLINGS) {
            AlpacaEndpoint.Verdict v = AlpacaEndpoint.check(url, false);
            assertThat(v.allowed()).as(url).isFalse();
        }
        assertThat(AlpacaEndpoint.check("https://api.alpaca.markets", false).message())
                .contains("live (real-money) host")
                .contains("--live --env live")
                .contains("algotrader.trader.alpaca.paper-url");
        assertThat(AlpacaEndpoint.check("https://API.alpaca.markets.:443", true).allowed())
                .isTrue();
    }

    @Test
    void anyOtherHostFailsClosedEvenWhenLiveIsConfirmed() {
        for (String url : OTHER_HOSTS) {
            assertThat(AlpacaEndpoint.check(url, false).allowed()).as(url).isFalse();
            assertThat(AlpacaEndpoint.check(url, true).allowed()).as("live: " + url).isFalse();
        }
        assertThat(AlpacaEndpoint.check("https://user:s3cr3t@paper-api.alpaca.markets", false))
                .satisfies(v -> assertThat(v.message()).doesNotContain("s3cr3t"));
        for (String url : ALLOWED_PAPER) {
            assertThat(AlpacaEndpoint.check(url, false).allowed()).as(url).isTrue();
        }
    }

    @Test
    void noAlpacaSettingsExistForTheLiveHostWithoutLive() {
        assertThatThrownBy(() -> AlpacaSettings.paper("https://api.alpaca.markets:443"))
                .isInstanceOf(AlpacaEndpoint.LiveTradingRefused.class);
    }

    /** {@code --config FILE}, an environment overlay, programmatic overrides, CLI flags. */
    @Test
    void everyConfigurationRouteIsRefusedBeforeAnyConnection() throws Exception {
        String live = "algotrader.trader.alpaca.paper-url = \"https://API.alpaca.markets.:443\"\n";
        Path user = tmp.resolve("my.conf");
        Files.writeString(user, live + base());
        Path confDir = tmp.resolve("conf");
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve("paper.conf"), live + base());
        Files.writeString(confDir.resolve("live.conf"), live + base());
        TraderRunner.Options alpaca = TraderRunner.Options.defaults().withBroker("alpaca");

        List<ThrowingCallable> routes =
                List.of(
                        // --config FILE
                        () -> TraderRunner.paperOnce(AppConfig.load("local", null, user), alpaca),
                        // --env paper with an overlay in --conf-dir / ALGOTRADER_CONF_DIR
                        () ->
                                TraderRunner.paperOnce(
                                        AppConfig.load("paper", confDir, null), alpaca),
                        // --env live without --live: the paper URL is used, and it is live
                        () -> TraderRunner.paperOnce(AppConfig.load("live", confDir, null), alpaca),
                        // overrides (tests, embedding code)
                        () ->
                                TraderRunner.paperOnce(
                                        AppConfig.withOverrides(live + base()), alpaca),
                        // broker chosen in the configuration instead of --broker
                        () ->
                                TraderRunner.paperOnce(
                                        AppConfig.withOverrides(
                                                live
                                                        + base()
                                                        + "algotrader.trader.broker.type ="
                                                        + " \"alpaca\"\n"),
                                        TraderRunner.Options.defaults()));
        for (ThrowingCallable r : routes) {
            assertThatThrownBy(r)
                    .isInstanceOf(TraderRunner.TraderError.class)
                    .hasMessageContaining("refusing to connect")
                    .hasMessageContaining("live (real-money) host")
                    .hasMessageContaining("--live");
        }
        // --live without --env live, or without the confirmation: refused as well
        assertThatThrownBy(
                        () ->
                                TraderRunner.paperOnce(
                                        AppConfig.load("local", null, user), alpaca.withLive(true)))
                .hasMessageContaining("--env live");
        assertThatThrownBy(
                        () ->
                                TraderRunner.paperOnce(
                                        AppConfig.load("live", confDir, null),
                                        alpaca.withLive(true)))
                .hasMessageContaining("live-confirm");
        assertThat(connections).as("no connection was attempted").isEmpty();
    }

    /** The environment route: {@code ${?APCA_API_BASE_URL}} in an overlay, in a child JVM. */
    @Test
    void anEnvironmentVariableCannotPointTheTraderAtTheLiveHost() throws Exception {
        Path confDir = tmp.resolve("envconf");
        Files.createDirectories(confDir);
        Files.writeString(
                confDir.resolve("paper.conf"),
                "algotrader.trader.alpaca.paper-url = ${?APCA_API_BASE_URL}\n" + base());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TraderLauncher.class.getName());
        cmd.addAll(List.of("paper-once", "--env", "paper", "--broker", "alpaca"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("ALGOTRADER_CONF_DIR", confDir.toString());
        pb.environment().put("APCA_API_BASE_URL", "https://api.alpaca.markets");
        pb.environment().put("APCA_API_KEY_ID", "PKGUARDTESTKEY");
        pb.environment().put("APCA_API_SECRET_KEY", "guardTestSecretValue");
        Path out = tmp.resolve("child.out");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isEqualTo(1);
        assertThat(text)
                .contains("error: refusing to connect to https://api.alpaca.markets")
                .doesNotContain("guardTestSecretValue")
                .doesNotContain("Alpaca GET");
    }

    /** Everything else a run needs, below the temp folder. */
    private String base() {
        return String.join(
                        "\n",
                        "algotrader.events-file = \"" + tmp.resolve("events.jsonl") + "\"",
                        "algotrader.trader.bars = \"" + tmp.resolve("inbox") + "\"",
                        "algotrader.trader.out-dir = \"" + tmp.resolve("out") + "\"",
                        "algotrader.trader.state-dir = \"" + tmp.resolve("state") + "\"",
                        "algotrader.trader.control-file = \"" + tmp.resolve("control.json") + "\"",
                        "algotrader.trader.champion.registry = \"\"")
                + "\n";
    }
}
