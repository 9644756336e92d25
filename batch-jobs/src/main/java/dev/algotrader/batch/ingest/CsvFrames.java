package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One CSV file as {@link Records} rows, parsed by Spark's generated code: the file is read with
 * Spark's text source (every line kept, blank ones too, each with its line number), split and cast
 * to typed columns with column expressions. A line those expressions cannot read plainly (quotes,
 * ISO-8601 or fractional times, a field that does not cast, a wrong field count) goes to {@link
 * CsvLineParser} in a UDF, which reads it or writes the quarantine reason exactly as before.
 *
 * <p>Line numbers: Spark reads a file in blocks; each line's number is its block's first line
 * number plus its position in the block ({@code monotonically_increasing_id} counts the rows of a
 * task), the lines per block counted in one cheap pass over the file first.
 */
final class CsvFrames {

    private static final StructType PARSED =
            new StructType()
                    .add("symbol", DataTypes.StringType, true)
                    .add("ts", DataTypes.LongType, true)
                    .add("open", DataTypes.DoubleType, true)
                    .add("high", DataTypes.DoubleType, true)
                    .add("low", DataTypes.DoubleType, true)
                    .add("close", DataTypes.DoubleType, true)
                    .add("volume", DataTypes.DoubleType, true)
                    .add("reason", DataTypes.StringType, true);

    private CsvFrames() {}

    /**
     * The records of {@code file} ({@code uri} for Spark) read with {@code parser}'s format; the
     * header line (when the format has one) is skipped.
     */
    static Dataset<Row> read(
            SparkSession spark,
            String uri,
            CsvLineParser parser,
            CsvFormat format,
            String source,
            String file,
            String defaultSymbol,
            String interval) {
        Dataset<Row> text =
                spark.read()
                        .text(uri)
                        .select(
                                col("value"),
                                input_file_block_start().as("_block"),
                                monotonically_increasing_id().as("_row"));
        Column line = lineNumbers(text);
        Dataset<Row> lines = text.withColumn("line", line);
        if (format.header()) lines = lines.filter(col("line").gt(1));
        Column fields =
                org.apache.spark.sql.functions.split(
                        col("value"), splitPattern(format.delimiter()), -1);
        int expected = format.columnCount() > 0 ? format.columnCount() : format.minColumns();
        Column countOk =
                format.columnCount() > 0
                        ? size(fields).equalTo(expected)
                        : size(fields).geq(expected);
        Column symbol = format.symbol() >= 0 ? fields.getItem(format.symbol()) : lit(defaultSymbol);
        Column ts = time(fields.getItem(format.ts()), format.timeUnit());
        boolean trades = format.trades();
        Column[] ohlcv =
                trades
                        ? new Column[] {
                            num(fields, format.price()),
                            num(fields, format.price()),
                            num(fields, format.price()),
                            num(fields, format.price()),
                            num(fields, format.amount())
                        }
                        : new Column[] {
                            num(fields, format.open()),
                            num(fields, format.high()),
                            num(fields, format.low()),
                            num(fields, format.close()),
                            num(fields, format.volume())
                        };
        Column plain = instr(col("value"), "\"").equalTo(0).and(countOk).and(ts.isNotNull());
        for (Column x : ohlcv) plain = plain.and(x.isNotNull());
        if (format.symbol() >= 0) {
            // a symbol with no character up to U+0020 reads the same with Java's trim
            plain =
                    plain.and(length(symbol).gt(0))
                            .and(
                                    length(translate(symbol, CONTROL_AND_SPACE, ""))
                                            .equalTo(length(symbol)));
        }
        List<Column> fast = new ArrayList<>();
        fast.add(symbol);
        fast.add(ts);
        for (Column x : ohlcv) fast.add(x);
        fast.add(lit(null).cast(DataTypes.StringType));
        UserDefinedFunction slow =
                udf(
                                (UDF2<String, Long, Row>)
                                        (raw, lineNo) -> parsed(parser.parse(lineNo, raw)),
                                PARSED)
                        .asNondeterministic();
        Column parsed =
                when(
                                org.apache.spark.sql.functions.coalesce(plain, lit(false)),
                                org.apache.spark.sql.functions.struct(
                                        named(fast).toArray(Column[]::new)))
                        .otherwise(slow.apply(col("value"), col("line")));
        return lines.select(col("value"), col("line"), parsed.as("p"))
                .select(
                        lit(source).as("source"),
                        lit(file).as("source_file"),
                        col("line"),
                        col("value").as("raw"),
                        col("p.symbol").as("symbol"),
                        lit(interval).as("interval"),
                        col("p.ts").as("ts"),
                        col("p.open").as("open"),
                        col("p.high").as("high"),
                        col("p.low").as("low"),
                        col("p.close").as("close"),
                        col("p.volume").as("volume"),
                        lit(trades).as("is_trade"),
                        col("p.reason").as("reason"),
                        lit(1L).as("n"),
                        lit(true).as("complete"));
    }

    /**
     * The delimiter as a pattern Java's {@code String.split} takes without compiling a regex for
     * each line (one plain character, or a backslash and a metacharacter): {@code Pattern.quote}
     * would cost a compile per line.
     */
    static String splitPattern(char delimiter) {
        String d = String.valueOf(delimiter);
        if (Character.isLetterOrDigit(delimiter)) return d;
        return ".$|()[{^?*+\\".indexOf(delimiter) >= 0 ? "\\" + d : d;
    }

    private static List<Column> named(List<Column> values) {
        List<Column> out = new ArrayList<>();
        String[] names = PARSED.fieldNames();
        for (int i = 0; i < names.length; i++) out.add(values.get(i).as(names[i]));
        return out;
    }

    /** The parsed fields of a {@link Records} row, for the struct of the slow path. */
    private static Row parsed(Row r) {
        return RowFactory.create(
                r.get(Records.SYMBOL),
                r.get(Records.TS),
                r.get(Records.OPEN),
                r.get(Records.HIGH),
                r.get(Records.LOW),
                r.get(Records.CLOSE),
                r.get(Records.VOLUME),
                r.get(Records.REASON));
    }

    /** A number field as double; null (left to the parser) unless it is a finite number. */
    private static Column num(Column fields, int i) {
        // Spark's cast is Java's Double.parseDouble (which ignores surrounding whitespace, as the
        // parser's trim does) for every finite result; it also reads "inf"/"nan" where Java does
        // not, so non-finite values go to the parser
        Column d = fields.getItem(i).cast(DataTypes.DoubleType);
        return when(d.minus(d).equalTo(0), d);
    }

    private static final String CONTROL_AND_SPACE;

    static {
        StringBuilder b = new StringBuilder();
        for (char ch = 0; ch <= ' '; ch++) b.append(ch);
        CONTROL_AND_SPACE = b.toString();
    }

    /**
     * Epoch milliseconds of an integer time field in {@code unit}; null (left to the parser) for
     * anything else: ISO-8601, fractions, signs the parser reads its own way.
     */
    private static Column time(Column s, CsvFormat.TimeUnitKind unit) {
        Column asLong = s.cast(DataTypes.LongType);
        // plain digits only (no sign, fraction or leading zero): what the parser reads the same way
        Column plain = asLong.geq(0).and(asLong.cast(DataTypes.StringType).equalTo(s));
        Column seconds = when(asLong.lt(1_000_000_000_000L), asLong.multiply(1000L));
        Column millis =
                switch (unit) {
                    case MS -> asLong;
                    case S -> seconds;
                    case AUTO -> when(length(s).geq(12), asLong).otherwise(seconds);
                    case ISO -> lit(null).cast(DataTypes.LongType);
                };
        return when(plain, millis);
    }

    /**
     * The 1-based line number of each row of {@code text} (columns {@code _block}, {@code _row}):
     * one pass counts the lines of each block, then a row's number is the lines before its block
     * plus its place in the block.
     */
    private static Column lineNumbers(Dataset<Row> text) {
        List<Row> blocks =
                text.groupBy("_block")
                        .agg(count("*"), min("_row"))
                        .orderBy("_block")
                        .collectAsList();
        Column delta = lit(null).cast(DataTypes.LongType);
        long before = 0;
        for (Row b : blocks) {
            long first = b.getLong(2);
            // line = before + (row - first) + 1
            delta =
                    when(col("_block").equalTo(b.getLong(0)), lit(before - first + 1))
                            .otherwise(delta);
            before += b.getLong(1);
        }
        return col("_row").plus(delta);
    }
}
