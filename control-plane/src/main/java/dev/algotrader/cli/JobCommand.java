package dev.algotrader.cli;

import dev.algotrader.cli.progress.ProgressMode;
import dev.algotrader.cli.progress.TerminalProgress;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every command that runs a job: writes {@code job.start}, then {@code job.end} with the
 * summary or {@code job.failed} with the error to the audit log, and prints the summary line. While
 * the job runs, its {@link Progress} reports are rendered on the terminal ({@link
 * TerminalProgress}).
 */
public abstract class JobCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

    /** Name written to the audit log, e.g. {@code ingest}. */
    protected abstract String jobName();

    /** Agent that owns the job (data-steward, researcher, backtester, trader, orchestrator). */
    protected abstract String actor();

    /** Runs the job. */
    protected abstract JobSummary execute(CliContext ctx, String runId) throws Exception;

    @Override
    public final Integer call() throws Exception {
        CliContext ctx = Main.context();
        run(ctx, jobName(), actor(), runId -> execute(ctx, runId));
        return 0;
    }

    /** A job's body: its summary for the run id it is given. */
    @FunctionalInterface
    public interface Job {
        JobSummary run(String runId) throws Exception;
    }

    /**
     * Runs one job as every job command does: {@code job.start}, the progress on the terminal, then
     * {@code job.end} and the summary line, or {@code job.failed} and the error rethrown.
     */
    public static JobSummary run(CliContext ctx, String jobName, String actor, Job job)
            throws Exception {
        String runId = jobName + "-" + UUID.randomUUID().toString().substring(0, 8);
        ctx.events().append(actor, "job.start", runId, Map.of("job", jobName));
        TerminalProgress progress =
                TerminalProgress.start(
                        jobName,
                        ctx.out(),
                        ctx.err(),
                        ProgressMode.detect(
                                ctx.env(),
                                ctx.out() == System.out && ctx.err() == System.err,
                                System.console() != null),
                        TerminalProgress.columns(ctx.env()));
        try (progress;
                Progress.Installation ignored = Progress.install(progress)) {
            JobSummary summary = job.run(runId);
            progress.finish();
            ctx.events().append(actor, "job.end", runId, summary.asDetails());
            ctx.out().println(summary.line());
            return summary;
        } catch (Exception | Error e) {
            progress.finish();
            LOG.error("job {} failed", jobName, e);
            ctx.events()
                    .append(
                            actor,
                            "job.failed",
                            runId,
                            Map.of(
                                    "job",
                                    jobName,
                                    "error",
                                    String.valueOf(e.getMessage()),
                                    "type",
                                    e.getClass().getSimpleName()));
            throw e;
        }
    }
}
