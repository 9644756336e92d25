package dev.algotrader.batch;

/**
 * Input the user can fix (missing file, unknown source, unreadable response). Its message is one
 * line that says what to do; the CLI prints it without a stack trace.
 */
public class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
