package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live bar source: every poll interval it asks a {@link BarFeed} (Alpaca or CoinGecko) for the
 * bars of each symbol since the last complete bar it emitted and returns the newly completed ones
 * (close time reached) as one batch (often empty). Built on {@link DataGeneratorSource} with a rate
 * limiter, the Flink 2.x replacement for a polling {@code SourceFunction}. Its cursor is not
 * checkpointed: after a restart it re-polls from the resume point and the {@link BarSequencer}
 * rejects what was already processed as duplicates.
 */
public final class BarPoller implements GeneratorFunction<Long, BarBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(BarPoller.class);

    private final BarFeed feed;
    private final List<String> symbols;
    private final Map<String, Long> resumeAfter;
    private final long intervalMillis;
    private final long lookbackMillis;
    private transient Map<String, Long> cursor;

    /**
     * @param resumeAfter per symbol, last bar time already processed (absent: start {@code
     *     lookbackMillis} ago)
     */
    public BarPoller(
            BarFeed feed,
            List<String> symbols,
            Map<String, Long> resumeAfter,
            long intervalMillis,
            long lookbackMillis) {
        this.feed = feed;
        this.symbols = List.copyOf(symbols);
        this.resumeAfter = Map.copyOf(resumeAfter);
        this.intervalMillis = intervalMillis;
        this.lookbackMillis = lookbackMillis;
    }

    /** An unbounded source polling every {@code pollSeconds}. */
    public static DataGeneratorSource<BarBatch> source(BarPoller poller, double pollSeconds) {
        return new DataGeneratorSource<>(
                poller,
                Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(1.0 / pollSeconds),
                TypeInformation.of(BarBatch.class));
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        cursor = new HashMap<>(resumeAfter);
    }

    @Override
    public BarBatch map(Long index) {
        long now = System.currentTimeMillis();
        long start = now - lookbackMillis;
        for (String s : symbols) {
            Long c = cursor.get(s);
            if (c != null) start = Math.min(Math.max(start, c + intervalMillis), now);
        }
        try {
            List<Bar> fresh = new ArrayList<>();
            for (Bar b : feed.fetch(symbols, start)) {
                Long c = cursor.get(b.symbol());
                // only complete bars, each once
                if (b.closeTime() <= now && (c == null || b.ts() > c)) {
                    fresh.add(b);
                }
            }
            for (Bar b : fresh) cursor.merge(b.symbol(), b.ts(), Math::max);
            return new BarBatch(fresh);
        } catch (Exception e) {
            // a failed poll is retried at the next tick; bars are fetched from the cursor again
            LOG.warn("{} bar poll failed, retrying next tick: {}", feed.name(), e.getMessage());
            return new BarBatch(List.of());
        }
    }
}
