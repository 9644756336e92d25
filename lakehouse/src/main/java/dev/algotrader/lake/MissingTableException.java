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
}
