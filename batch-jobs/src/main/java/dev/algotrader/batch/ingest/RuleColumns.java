package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.algotrader.schema.BarInterval;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@link IngestRules#check(Row)} at the speed of Spark's generated code: a column expression that
 * is true only for records every rule accepts ({@link #surelyGood}), so the Java rules run (in a
 * UDF) only on the few records that may break one and write the reason exactly as before. The
 * expression may be stricter than the rules (a record it doubts goes to the rules, which accept
 * it), never looser.
 */
final class RuleColumns {

    /** Intervals whose length the expression knows; records of others always go to the rules. */
    private static final List<String> INTERVALS =
            List.of("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d");

    private RuleColumns() {}

    /** {@code reason} of a Records frame after the rules: the parse reason, else the rules'. */
    static Column reason(IngestRules rules) {
        UserDefinedFunction check =
                udf((UDF1<Row, String>) rules::check, DataTypes.StringType)
                        .asNondeterministic(); // keep it inside the CASE branch it guards
        Column record =
                org.apache.spark.sql.functions.struct(
                        java.util.Arrays.stream(Records.SCHEMA.fieldNames())
                                .map(c -> col(c))
                                .toArray(Column[]::new));
        return when(col("reason").isNotNull(), col("reason"))
                .when(surelyGood(rules), lit(null).cast(DataTypes.StringType))
                .otherwise(check.apply(record));
    }

    /** True only for a parsed record (no reason yet) that passes every rule of {@code rules}. */
    static Column surelyGood(IngestRules rules) {
        Column o = col("open"), h = col("high"), l = col("low"), c = col("close");
        Column v = col("volume"), ts = col("ts");
        Column finite = lit(true);
        for (Column x : List.of(o, h, l, c, v)) finite = finite.and(x.minus(x).equalTo(0));
        Column bySymbol = lit(false);
        for (String s : rules.symbols()) {
            PlausibilityRules.Limits lim = rules.plausibility().of(s);
            Column within = lit(true);
            for (Column p : List.of(o, h, l, c)) {
                within = within.and(p.gt(0)).and(p.leq(lim.maxPrice()));
            }
            within =
                    within.and(v.geq(0))
                            .and(v.leq(lim.maxVolume()))
                            .and(ts.geq(lim.earliestMillis()));
            bySymbol = when(col("symbol").equalTo(s), within).otherwise(bySymbol);
        }
        Column step = lit(null).cast(DataTypes.LongType);
        for (String iv : INTERVALS) {
            step =
                    when(col("interval").equalTo(iv), lit(BarInterval.parse(iv).millis()))
                            .otherwise(step);
        }
        Column trade = col("is_trade");
        Column aligned = trade.or(pmod(ts, step).equalTo(0));
        Column knownAt = when(trade, ts).otherwise(ts.plus(step));
        Column notFuture = knownAt.leq(rules.nowMillis() + rules.maxFutureSkewMillis());
        Column shape = h.geq(l).and(h.geq(greatest(o, c))).and(l.leq(least(o, c)));
        Column good =
                col("symbol")
                        .isNotNull()
                        .and(ts.isNotNull())
                        .and(step.isNotNull())
                        .and(finite)
                        .and(bySymbol)
                        .and(shape)
                        .and(aligned)
                        .and(notFuture);
        // a null anywhere (a doubt) is not "surely good"
        return org.apache.spark.sql.functions.coalesce(good, lit(false));
    }
}
