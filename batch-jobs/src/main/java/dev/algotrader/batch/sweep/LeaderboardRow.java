package dev.algotrader.batch.sweep;

import java.io.Serializable;

/** One line of the sweep leaderboard: a cell's identity and its headline metrics. */
public record LeaderboardRow(
        int rank,
        String strategy,
        String params,
        String symbol,
        double totalReturn,
        double sharpe,
        double maxDrawdown,
        double calmar,
        int trades,
        double winRate,
        double finalEquity,
        double feesPaid,
        double buyHoldReturn,
        String orderListHash)
        implements Serializable {

    /** The same row at another rank. */
    public LeaderboardRow withRank(int r) {
        return new LeaderboardRow(
                r,
                strategy,
                params,
                symbol,
                totalReturn,
                sharpe,
                maxDrawdown,
                calmar,
                trades,
                winRate,
                finalEquity,
                feesPaid,
                buyHoldReturn,
                orderListHash);
    }
}
