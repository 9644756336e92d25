package dev.algotrader.core.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job did: rows in, out and rejected, plus table versions and other details. Printed by the
 * CLI and written to the audit log on job end.
 */
public record JobSummary(
        String job,
        String runId,
        long rowsIn,
        long rowsOut,
        long rowsRejected,
        Map<String, Object> details) {

    public JobSummary {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The summary as audit-event details. */
    public Map<String, Object> asDetails() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows_in", rowsIn);
        m.put("rows_out", rowsOut);
        m.put("rows_rejected", rowsRejected);
        m.putAll(details);
        return m;
    }

    /** One line for the terminal. */
    public String line() {
        return String.format(
                "%s: %,d in, %,d out, %,d rejected%s",
                job, rowsIn, rowsOut, rowsRejected, details.isEmpty() ? "" : " " + details);
    }
}
