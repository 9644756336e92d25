package dev.algotrader.core.progress;

/**
 * Receives the progress of the running job (see {@link Progress}). Calls may come from several
 * threads (a Spark listener bus, a Flink client); implementations are thread-safe.
 */
public interface ProgressListener {

    /**
     * A new step starts (the previous one, if any, is done).
     *
     * @param name what the step does, e.g. {@code walk-forward search}
     * @param total units of work in the step, 0 when unknown
     * @param unit what a unit is, e.g. {@code candidates}, {@code folds}, {@code symbols}
     */
    void step(String name, long total, String unit);

    /** Units of the current step done so far (absolute, not a delta). */
    void advance(long done);

    /** Rows the current step has read or written so far (absolute). */
    void rows(long rows);

    /**
     * Work below the step that the job does not count itself, e.g. the tasks of the running Spark
     * job: {@code done} of {@code total} {@code what}.
     */
    void detail(long done, long total, String what);

    /** A result line to show now (not only at the end of the job). */
    void line(String text);

    /** The job ended (successfully or not): the last step is done. */
    void finish();
}
