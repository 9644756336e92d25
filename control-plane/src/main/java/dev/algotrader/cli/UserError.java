package dev.algotrader.cli;

/** A mistake the user can fix; the CLI prints only its message and exits with code 2. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
