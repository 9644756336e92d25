package dev.algotrader.cli;

import dev.algotrader.core.audit.Secrets;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The CLI's console edge: every string printed through it passes {@link Secrets} first, so no
 * command can show a password, token, key or a URI's user-info on the terminal.
 */
final class RedactingPrintStream extends PrintStream {

    private final Secrets secrets;

    RedactingPrintStream(PrintStream target, Secrets secrets) {
        super(target, true, StandardCharsets.UTF_8);
        this.secrets = secrets;
    }

    @Override
    public void print(String s) {
        super.print(secrets.redact(s));
    }

    @Override
    public void print(Object o) {
        print(String.valueOf(o));
    }

    @Override
    public void println(Object o) {
        println(String.valueOf(o));
    }

    @Override
    public void println(String s) {
        synchronized (this) {
            print(s);
            println();
        }
    }
}
