package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.batch.BadInputException;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CsvLineParserTest {

    /** The parser's rows carry no schema; give them the Records schema for by-name access. */
    static final class P {
        final CsvLineParser p;

        P(CsvLineParser p) {
            this.p = p;
        }

        Row parse(long line, String text) {
            Row r = p.parse(line, text);
            return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                    Records.values(r), Records.SCHEMA);
        }
    }

    static P parser(
            String header, CsvFormat.TimeUnitKind unit, boolean trades, Map<String, String> cols) {
        CsvFormat f = CsvFormat.resolve(header, true, ',', unit, trades, cols, "f.csv");
        return new P(new CsvLineParser("src", "f.csv", f, "BTC/USD", "1m", false));
    }

    @Test
    void epochSecondsMillisAndIsoGiveTheSameInstant() {
        long t = 1_704_067_200_000L;
        assertThat(
                        parser("timestamp,price,amount", CsvFormat.TimeUnitKind.S, true, Map.of())
                                .parse(2, "1704067200,100,1")
                                .<Long>getAs("ts"))
                .isEqualTo(t);
        assertThat(
                        parser("timestamp,price,amount", CsvFormat.TimeUnitKind.MS, true, Map.of())
                                .parse(2, "1704067200000,100,1")
                                .<Long>getAs("ts"))
                .isEqualTo(t);
        P auto = parser("timestamp,price,amount", CsvFormat.TimeUnitKind.AUTO, true, Map.of());
        assertThat(auto.parse(2, "1704067200,100,1").<Long>getAs("ts")).isEqualTo(t);
        assertThat(auto.parse(2, "1704067200000,100,1").<Long>getAs("ts")).isEqualTo(t);
        assertThat(auto.parse(2, "2024-01-01T00:00:00Z,100,1").<Long>getAs("ts")).isEqualTo(t);
        assertThat(auto.parse(2, "2024-01-01 02:00:00+02:00,100,1").<Long>getAs("ts")).isEqualTo(t);
        assertThat(auto.parse(2, "1704067200.5,100,1").<Long>getAs("ts")).isEqualTo(t + 500);
    }

    @Test
    void columnMappingByNameAndIndex() {
        P byName =
                parser(
                        "time,sym,o,h,l,c,vol",
                        CsvFormat.TimeUnitKind.AUTO,
                        false,
                        Map.of("ts", "time", "symbol", "sym", "volume", "vol"));
        Row r = byName.parse(2, "2024-01-01T00:00:00Z,ETH/USD,1,2,0.5,1.5,10");
        assertThat(r.<String>getAs("symbol")).isEqualTo("ETH/USD");
        assertThat(r.<Double>getAs("high")).isEqualTo(2.0);
        assertThat(r.<Double>getAs("volume")).isEqualTo(10.0);
        P byIndex =
                parser(
                        "a,b,c",
                        CsvFormat.TimeUnitKind.S,
                        true,
                        Map.of("ts", "2", "price", "0", "amount", "1"));
        Row t = byIndex.parse(2, "100.5,3,1704067200");
        assertThat(t.<Double>getAs("close")).isEqualTo(100.5);
        assertThat(t.<Double>getAs("volume")).isEqualTo(3.0);
        assertThat(t.<Boolean>getAs("is_trade")).isTrue();
    }

    @Test
    void reasonsForBadFields() {
        P p = parser("ts,open,high,low,close,volume", CsvFormat.TimeUnitKind.AUTO, false, Map.of());
        assertThat(p.parse(2, "2024-01-01T00:00:00,1,1,1,1,1").<String>getAs("reason"))
                .startsWith("timestamp without time zone");
        assertThat(p.parse(2, "2024-01-01T00:00:00 CET,1,1,1,1,1").<String>getAs("reason"))
                .startsWith("bad time zone marker");
        assertThat(p.parse(2, "2024-13-01T00:00:00Z,1,1,1,1,1").<String>getAs("reason"))
                .startsWith("bad timestamp");
        assertThat(p.parse(2, "2024-01-01T00:00:00Z,1,x,1,1,1").<String>getAs("reason"))
                .isEqualTo("non-numeric high: 'x'");
        assertThat(p.parse(2, "2024-01-01T00:00:00Z,1,1,1,1").<String>getAs("reason"))
                .isEqualTo("wrong column count: expected 6, got 5");
        assertThat(p.parse(2, "  ").<String>getAs("reason")).isEqualTo("blank line");
        // NaN parses; the rules reject it with its own reason
        assertThat(p.parse(2, "2024-01-01T00:00:00Z,NaN,1,1,1,1").isNullAt(Records.REASON))
                .isTrue();
    }

    @Test
    void headerWithByteOrderMarkIsRecognised() {
        P p = parser("\uFEFFtimestamp,price,amount", CsvFormat.TimeUnitKind.S, true, Map.of());
        assertThat(p.parse(2, "1704067200,100,1").<Long>getAs("ts")).isEqualTo(1_704_067_200_000L);
    }

    @Test
    void missingColumnIsAClearError() {
        assertThatThrownBy(
                        () -> parser("when,price,amount", CsvFormat.TimeUnitKind.S, true, Map.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot find the ts column")
                .hasMessageContaining("columns { ts = <name or 0-based index> }");
    }
}
