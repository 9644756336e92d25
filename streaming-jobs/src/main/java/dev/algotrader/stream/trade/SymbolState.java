package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.stream.TraderRunner;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything one symbol's trader needs to continue where a finished run stopped: the last processed
 * bar, the feature engine, the kernel state (portfolio, strategy, working orders) and the model
 * version it last scored with, and the strategy whose state the kernel holds. {@code paper-once}
 * writes it at the end of its bounded input and reads it at the next start; a continuous run keeps
 * the same state in Flink checkpoints and savepoints instead. Files and the job's end-of-run stream
 * use the versioned format of {@link SymbolStateCodec} (magic {@code SYM1}), which names no Java
 * class, so a later build reads them.
 */
public record SymbolState(
        String symbol,
        long lastBarTs,
        FeatureEngine engine,
        KernelState kernel,
        String modelKey,
        List<String> openClientOrderIds,
        Map<String, BrokerTrack> brokerTracks,
        KernelConfig.StrategyFactory strategies)
        implements Serializable {

    /**
     * What the trader knows about one of its orders that is open at an external broker, keyed by
     * the kernel's client order id: the quantity of the broker's fills already booked into the
     * kernel, how often it was replaced (the broker knows it as {@code <id>-r<amendments>}), the
     * fills of the orders it replaced, and how many retries of a refused replace were made (0: none
     * due). A resumed {@code paper-once} run seeds its broker tracking from these, so it keeps
     * polling, amending and cancelling what it left open.
     */
    public record BrokerTrack(
            double booked, int amendments, double filledOnReplaced, int amendRetries)
            implements Serializable {}

    /** File magic of the versioned format: {@code SYM1}. */
    private static final int MAGIC = 0x53594D31;

    /** The first bytes of a Java-serialized object (state files of earlier builds). */
    private static final int JAVA_MAGIC = 0xACED;

    /** The stream type of the job's end-of-run output: the versioned format. */
    public static final VersionedTypeInfo<SymbolState> TYPE =
            new VersionedTypeInfo<>(SymbolState.class, SymbolStateCodec.INSTANCE);

    public SymbolState {
        brokerTracks = brokerTracks == null ? new HashMap<>() : brokerTracks;
        openClientOrderIds = openClientOrderIds == null ? new ArrayList<>() : openClientOrderIds;
    }

    /** File name of a symbol's state: {@code BTC/USD} → {@code BTC_USD.state}. */
    public static String fileName(String symbol) {
        return symbol.replaceAll("[^A-Za-z0-9._-]", "_") + ".state";
    }

    /** Suffix of a state written by a run that has not finished yet (see {@link #promote}). */
    public static final String PENDING = ".pending";

    /** Writes {@code state} to {@code dir} atomically. */
    public static void write(Path dir, SymbolState state) {
        write(dir, state, false);
    }

    /**
     * Writes {@code state} to {@code dir} atomically; {@code pending}: as {@code <file>.pending},
     * which only {@link #promote} turns into the state the next run starts from (after the run's
     * outputs are final, so a crash in between can never leave a cursor ahead of the outputs).
     */
    public static void write(Path dir, SymbolState state, boolean pending) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(fileName(state.symbol()) + (pending ? PENDING : ""));
            Path tmp = dir.resolve(fileName(state.symbol()) + ".tmp");
            Files.write(tmp, toBytes(state));
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trader state to " + dir, e);
        }
    }

    /** Makes every pending state in {@code dir} the current one; returns how many. */
    public static int promote(Path dir) {
        return forEachPending(dir, true);
    }

    /** Deletes pending states a killed run left behind; returns how many. */
    public static int discardPending(Path dir) {
        return forEachPending(dir, false);
    }

    private static int forEachPending(Path dir, boolean promote) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.list(dir)) {
            int n = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(".state" + PENDING)).toList()) {
                if (promote) {
                    String name = f.getFileName().toString();
                    Path target =
                            f.resolveSibling(name.substring(0, name.length() - PENDING.length()));
                    try {
                        Files.move(
                                f,
                                target,
                                StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    Files.delete(f);
                }
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update trader state in " + dir, e);
        }
    }

    /** All states in {@code dir} by symbol; a missing directory is a first run. */
    public static Map<String, SymbolState> readAll(Path dir) {
        Map<String, SymbolState> out = new HashMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".state")).toList()) {
                SymbolState s = read(dir, f, Files.readAllBytes(f));
                out.put(s.symbol(), s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trader state from " + dir, e);
        }
        return out;
    }

    /** The state file's bytes: magic {@code SYM1}, then the versioned format. */
    static byte[] toBytes(SymbolState state) {
        byte[] body = SymbolStateCodec.INSTANCE.encode(state);
        return java.nio.ByteBuffer.allocate(4 + body.length).putInt(MAGIC).put(body).array();
    }

    /**
     * One state file; a file an earlier build wrote (Java serialization, which names the classes
     * and breaks on any change of them) or that is damaged is a one-line {@link
     * TraderRunner.TraderError} naming the state folder and how to reset it, not a stack trace.
     */
    static SymbolState read(Path dir, Path file, byte[] bytes) {
        String why;
        if (bytes.length >= 2 && ((bytes[0] & 0xff) << 8 | (bytes[1] & 0xff)) == JAVA_MAGIC) {
            why = "Java serialization, which this build no longer reads";
        } else if (bytes.length < 4 || java.nio.ByteBuffer.wrap(bytes).getInt() != MAGIC) {
            why = "not a trader state file";
        } else {
            try {
                return SymbolStateCodec.INSTANCE.decode(
                        java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
        }
        throw new TraderRunner.TraderError(
                "trader state "
                        + file.getFileName()
                        + " in "
                        + dir
                        + " was written by an earlier build or is damaged and cannot be read ("
                        + why.replace('\n', ' ')
                        + "): delete the state folder "
                        + dir
                        + " to start the paper trader fresh");
    }

    /**
     * The strategy a kernel state {@code ks} trades: the {@code configured} one, or the one of the
     * state it resumed from (a resumed paper-once state keeps the strategy it was saved with).
     */
    public static KernelConfig.StrategyFactory strategyOf(
            KernelState ks, KernelConfig.StrategyFactory configured, SymbolState resume) {
        if (resume != null
                && resume.strategies() != null
                && !configured.get().name().equals(ks.strategy().name())) {
            return resume.strategies();
        }
        return configured;
    }

    /** Per symbol, the last processed bar time (the paper-once cursor). */
    public static Map<String, Long> cursors(Map<String, SymbolState> states) {
        Map<String, Long> out = new HashMap<>();
        states.forEach((s, st) -> out.put(s, st.lastBarTs()));
        return out;
    }
}
