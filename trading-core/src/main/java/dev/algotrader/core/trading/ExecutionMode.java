package dev.algotrader.core.trading;

/**
 * Who executes the orders the kernel emits. SIMULATED: the kernel's own {@link FillModel} fills
 * them on the following bars (backtest and the built-in paper broker — the same code on the same
 * bars gives the same fills). EXTERNAL: a live broker executes them and the caller feeds its fills
 * back through {@link TradingKernel#applyExternalFill}.
 */
public enum ExecutionMode {
    SIMULATED,
    EXTERNAL
}
