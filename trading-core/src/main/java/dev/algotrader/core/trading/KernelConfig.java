package dev.algotrader.core.trading;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Everything that defines one kernel (one run, one symbol) apart from its evolving state. {@code
 * strategyFactory} makes a fresh strategy (its state then lives in {@link KernelState}); {@code
 * modelVersion} is part of every client order id ("" for the baselines). {@code fillModel} and
 * {@code feeModel} define the simulated venue (backtest and paper); where the orders really go is
 * the kernel's {@link dev.algotrader.core.venue.Venue}.
 */
public record KernelConfig(
        String runId,
        String symbol,
        long intervalMillis,
        double initialCash,
        TradingMode mode,
        Sizing sizing,
        OrderPolicy orders,
        FillModel fillModel,
        FeeModel feeModel,
        RiskLimits risk,
        StrategyFactory strategyFactory,
        String modelVersion)
        implements Serializable {

    /** A serialisable strategy constructor, so a config can travel to Spark or Flink tasks. */
    public interface StrategyFactory extends Supplier<Strategy>, Serializable {}

    public KernelConfig {
        RiskLimits.check(runId != null && !runId.isBlank(), "run id is required");
        RiskLimits.check(symbol != null && !symbol.isBlank(), "symbol is required");
        RiskLimits.check(intervalMillis > 0, "bar interval must be positive");
        RiskLimits.check(
                initialCash > 0 && Double.isFinite(initialCash),
                "initial cash must be a positive number, got " + initialCash);
        RiskLimits.check(mode != null, "trading mode is required");
        RiskLimits.check(
                sizing != null && orders != null && fillModel != null && feeModel != null,
                "sizing, orders, fill model and fee model are required");
        RiskLimits.check(risk != null && strategyFactory != null, "risk and strategy are required");
        modelVersion = modelVersion == null ? "" : modelVersion;
    }

    /** The same configuration for run {@code otherRunId} scoring with {@code version}. */
    public KernelConfig forRun(String otherRunId, String version) {
        return new KernelConfig(
                otherRunId,
                symbol,
                intervalMillis,
                initialCash,
                mode,
                sizing,
                orders,
                fillModel,
                feeModel,
                risk,
                strategyFactory,
                version);
    }

    /** The same configuration for another symbol and starting cash. */
    public KernelConfig forSymbol(String otherSymbol, double cash) {
        return new KernelConfig(
                runId,
                otherSymbol,
                intervalMillis,
                cash,
                mode,
                sizing,
                orders,
                fillModel,
                feeModel,
                risk,
                strategyFactory,
                modelVersion);
    }
}
