package dev.algotrader.lake;

/**
 * A table a command reads does not exist yet below the data root. Its message is one line that says
 * which job writes it; the CLI prints it without a stack trace (it is an {@link
 * IllegalArgumentException}, the user's to fix).
 */
public class MissingTableException extends IllegalArgumentException {
    public MissingTableException(String message) {
        super(message);
    }

    /** The one-line message for a table {@code relative} missing below {@code root}. */
    public static MissingTableException of(String relative, java.nio.file.Path root) {
        return new MissingTableException(
                "table "
                        + relative
                        + " does not exist yet below "
                        + root
                        + ": run the job that writes it first (ingest, features, labels)");
    }
}
