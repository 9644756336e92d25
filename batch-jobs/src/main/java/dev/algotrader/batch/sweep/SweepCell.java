package dev.algotrader.batch.sweep;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** One backtest of a sweep: a strategy, one combination of its parameters, one symbol. */
public record SweepCell(String strategy, Map<String, Double> params, String symbol)
        implements Serializable {

    public SweepCell {
        params = new TreeMap<>(params);
    }

    /** Parameters as {@code k=v,k=v} in name order. */
    public String paramsText() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : params.entrySet()) {
            if (b.length() > 0) b.append(',');
            double v = e.getValue();
            b.append(e.getKey())
                    .append('=')
                    .append(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
        }
        return b.toString();
    }
}
