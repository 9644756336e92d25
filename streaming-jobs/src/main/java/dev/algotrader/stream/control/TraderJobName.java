package dev.algotrader.stream.control;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink job name of a trader run, {@code algo-trader paper-run [run-id paper]}: it carries the
 * run id so that the control plane finds the jobs of one run on a cluster ({@code GET
 * /jobs/overview}) before it submits another.
 */
public final class TraderJobName {

    private static final Pattern RUN_ID = Pattern.compile("\\[run-id (.+)]$");

    private TraderJobName() {}

    /** The job name of {@code mode} ({@code paper-once}, {@code paper-run}) for {@code runId}. */
    public static String of(String mode, String runId) {
        return "algo-trader " + mode + " [run-id " + runId + "]";
    }

    /** The run id a job name carries, or empty for any other job. */
    public static Optional<String> runId(String jobName) {
        if (jobName == null || !jobName.startsWith("algo-trader ")) return Optional.empty();
        Matcher m = RUN_ID.matcher(jobName);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
