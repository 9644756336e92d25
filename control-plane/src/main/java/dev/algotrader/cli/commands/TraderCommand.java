package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.ControlSettings;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.flink.ClusterDeployment;
import dev.algotrader.cli.flink.ClusterTrader;
import dev.algotrader.cli.flink.FlinkRestClient;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.Home;
import dev.algotrader.stream.control.ControlState;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trader start|stop|restart|status}: the trader's lifecycle. */
@Command(
        name = "trader",
        mixinStandardHelpOptions = true,
        description =
                "Start, stop, pause, resume the trader and show its state: the local trader"
                        + " through its control file (paper-once/paper-run read it before every"
                        + " bar); --cluster: a Flink session cluster over its REST API, with"
                        + " savepoints.",
        subcommands = {
            TraderCommand.Start.class,
            TraderCommand.Stop.class,
            TraderCommand.Restart.class,
            TraderCommand.Status.class,
            TraderCommand.Pause.class,
            TraderCommand.Resume.class
        })
public final class TraderCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the trader runs. */
    static class Target {
        @Option(
                names = "--cluster",
                arity = "0..1",
                paramLabel = "URL",
                fallbackValue = "",
                description =
                        "Act on a Flink session cluster (default URL:"
                                + " algotrader.control.flink.rest-url or FLINK_REST_URL).")
        String cluster;

        @Option(names = "--jar", description = "Trader jar to upload (default: from conf).")
        String jar;

        boolean onCluster() {
            return cluster != null;
        }

        ClusterTrader clusterTrader(CliContext ctx) {
            ControlSettings.Flink f = ControlSettings.from(ctx.config()).flink();
            URI url = cluster == null || cluster.isEmpty() ? f.restUrl() : URI.create(cluster);
            FlinkRestClient client =
                    new FlinkRestClient(
                            new RestClient(
                                    "Flink",
                                    url,
                                    Map.of(),
                                    f.maxAttempts(),
                                    f.retryBackoff(),
                                    f.requestTimeout(),
                                    d -> Thread.sleep(d.toMillis())));
            AppConfig c = ctx.config();
            ClusterTrader.Spec s =
                    new ClusterTrader.Spec(
                            c.area("trader").getString("run-id"),
                            jar != null
                                    ? Path.of(jar).toAbsolutePath()
                                    : ControlSettings.installed(
                                            c,
                                            "algotrader.control.flink.trader-jar",
                                            f.traderJar()),
                            f.entryClass(),
                            programArgs(ctx, f.programArgs()),
                            f.parallelism(),
                            f.savepointDir(),
                            f.savepointTimeout());
            return new ClusterTrader(
                    client,
                    s,
                    c.path("algotrader.control.flink.deployment-file"),
                    ctx.events(),
                    ctx.clock(),
                    d -> Thread.sleep(d.toMillis()),
                    ctx.out()::println);
        }

        /**
         * The configured program arguments plus what makes the job write where this CLI reads,
         * whatever the JobManager's working directory: {@code --env}, {@code --home}, the site
         * configuration folder ({@code --conf-dir}, when one was used), the {@code --config} file
         * (absolute) and {@code --set} with the run id and every trader path as resolved here. A
         * champion registry given as a URI is not sent (it may carry credentials): the job reads it
         * from its own configuration.
         */
        static List<String> programArgs(CliContext ctx, List<String> configured) {
            AppConfig c = ctx.config();
            List<String> args = new ArrayList<>(configured);
            if (!args.contains("--env")) args.addAll(List.of("--env", c.environment()));
            if (!args.contains("--home") && c.home().dir().isPresent()) {
                args.addAll(List.of("--home", c.home().dir().get().toString()));
            }
            if (!args.contains("--conf-dir") && c.confDir().isPresent()) {
                args.addAll(List.of("--conf-dir", c.confDir().get().toString()));
            }
            if (!args.contains("--config") && ctx.configFile() != null) {
                args.addAll(List.of("--config", ctx.configFile().toString()));
            }
            Map<String, String> set = new LinkedHashMap<>();
            set.put("algotrader.trader.run-id", c.area("trader").getString("run-id"));
            for (String key :
                    List.of(
                            "algotrader.events-file",
                            "algotrader.trader.bars",
                            "algotrader.trader.out-dir",
                            "algotrader.trader.state-dir",
                            "algotrader.trader.control-file")) {
                set.put(key, c.path(key).toString());
            }
            String registry = c.location("algotrader.trader.champion.registry");
            if (!registry.isBlank() && !Home.isUri(registry)) {
                set.put("algotrader.trader.champion.registry", registry);
            }
            set.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
            return args;
        }

        void requireCluster() {
            if (!onCluster()) {
                throw new dev.algotrader.cli.UserError(
                        "restart needs --cluster (the local"
                                + " control-file lifecycle comes with the streaming-jobs trader):"
                                + " add --cluster [URL]");
            }
        }
    }

    /** {@code trader start}. */
    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Deploy the trader (from its last savepoint unless --fresh).")
    public static final class Start implements Callable<Integer> {
        @Mixin Target target = new Target();

        @Option(
                names = "--fresh",
                description = "Ignore the last savepoint: start with empty state.")
        boolean fresh;

        @Option(names = "--reason", description = "Operator note, copied into the events.")
        String reason;

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            if (!target.onCluster()) {
                LocalTrader.setMode(
                        ctx, ControlState.Mode.RUNNING, reason == null ? "trader start" : reason);
                return 0;
            }
            target.clusterTrader(ctx).start(fresh);
            return 0;
        }
    }

    /** {@code trader stop}. */
    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop the trader with a savepoint (recorded for the next start).")
    public static final class Stop implements Callable<Integer> {
        @Mixin Target target = new Target();

        @Option(
                names = "--reason",
                paramLabel = "TEXT",
                description = "Operator note, kept in the control file and the events.")
        String reason;

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            if (!target.onCluster()) {
                LocalTrader.setMode(
                        ctx, ControlState.Mode.STOPPED, reason == null ? "trader stop" : reason);
                return 0;
            }
            if (reason != null) {
                ctx.events()
                        .append(
                                "orchestrator",
                                "trader.stop.requested",
                                "-",
                                java.util.Map.of("reason", reason, "target", "cluster"));
            }
            target.clusterTrader(ctx).stop();
            return 0;
        }
    }

    /** {@code trader restart}. */
    @Command(
            name = "restart",
            mixinStandardHelpOptions = true,
            description = "Stop with a savepoint if running, then start from the newest savepoint.")
    public static final class Restart implements Callable<Integer> {
        @Mixin Target target = new Target();

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            target.requireCluster();
            target.clusterTrader(ctx).restart();
            return 0;
        }
    }

    /** {@code trader status}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show the deployed job, its state and its last savepoint.")
    public static final class Status implements Callable<Integer> {
        @Mixin Target target = new Target();

        @Option(
                names = "--require-running",
                description = "Exit 1 unless the trader is running (for scripts and DAGs).")
        boolean requireRunning;

        @Override
        public Integer call() throws java.io.IOException {
            CliContext ctx = Main.currentContext();
            if (!target.onCluster()) {
                LocalTrader.status(ctx);
                ControlState s = LocalTrader.controlFile(ctx).read();
                return requireRunning && s.mode() != ControlState.Mode.RUNNING
                        ? Main.EXIT_FAILURE
                        : 0;
            }
            ClusterTrader t = target.clusterTrader(ctx);
            ClusterDeployment d = t.deployment();
            boolean running = d.jobId() != null && t.running(d);
            ctx.out()
                    .println(
                            "cluster job: "
                                    + (d.jobId() == null ? "none deployed" : d.jobId())
                                    + (d.jobId() == null
                                            ? ""
                                            : running ? " RUNNING" : " not running")
                                    + "; last savepoint: "
                                    + (d.lastSavepoint() == null ? "none" : d.lastSavepoint()));
            return requireRunning && !running ? Main.EXIT_FAILURE : 0;
        }
    }

    /** {@code trader pause}: no new orders; features, scores, positions keep updating. */
    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description =
                    "Pause the local trader at its next bar: no new orders, working entries"
                            + " cancelled, stop-loss/take-profit exits stay.")
    public static final class Pause implements Callable<Integer> {
        @Option(names = "--reason", description = "Operator note, copied into the events.")
        String reason;

        @Override
        public Integer call() {
            LocalTrader.setMode(Main.currentContext(), ControlState.Mode.PAUSED, reason);
            return 0;
        }
    }

    /** {@code trader resume}: back to running (the kill switch stays as it is). */
    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume the local trader (the kill switch is not changed).")
    public static final class Resume implements Callable<Integer> {
        @Option(names = "--reason", description = "Operator note, copied into the events.")
        String reason;

        @Override
        public Integer call() {
            LocalTrader.setMode(Main.currentContext(), ControlState.Mode.RUNNING, reason);
            return 0;
        }
    }
}
