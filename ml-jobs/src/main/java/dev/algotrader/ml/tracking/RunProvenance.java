package dev.algotrader.ml.tracking;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who started a run: MLflow's standard tags (the UI's User, Source and Run Name columns) and the
 * host, process id and process start of the JVM, which {@link RunRepair} uses to tell a run whose
 * process is gone (a crash) from one still being written.
 */
public final class RunProvenance {

    /** Tag: host name of the process that started the run. */
    public static final String HOST = "algotrader.host";

    /** Tag: process id of the process that started the run. */
    public static final String PID = "algotrader.pid";

    /** Tag: start instant (epoch ms) of that process, so a reused pid is not taken for it. */
    public static final String PROCESS_START = "algotrader.process_start";

    private RunProvenance() {}

    /** The standard tags for a run named {@code runName} started by this process. */
    public static Map<String, String> tags(String runName) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("mlflow.runName", runName);
        t.put("mlflow.user", System.getProperty("user.name", "algo-trader"));
        t.put("mlflow.source.name", "algo-trader");
        t.put("mlflow.source.type", "LOCAL");
        t.put(HOST, host());
        t.put(PID, Long.toString(ProcessHandle.current().pid()));
        processStart(ProcessHandle.current())
                .ifPresent(ms -> t.put(PROCESS_START, Long.toString(ms)));
        return t;
    }

    /** This machine's host name ({@code localhost} when it cannot be resolved). */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    static Optional<Long> processStart(ProcessHandle p) {
        return p.info().startInstant().map(i -> i.toEpochMilli());
    }
}
