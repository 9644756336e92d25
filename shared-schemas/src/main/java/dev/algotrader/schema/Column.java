package dev.algotrader.schema;

import java.io.Serializable;

/** One column of a table: name, logical type and nullability. Engines map the type to their own. */
public record Column(String name, Type type, boolean nullable) implements Serializable {

    /** Logical column types shared by Spark, Flink and the file writers. */
    public enum Type {
        STRING,
        LONG,
        INT,
        DOUBLE,
        BOOLEAN,
        TIMESTAMP,
        DATE,
        DOUBLE_ARRAY
    }

    public static Column req(String name, Type type) {
        return new Column(name, type, false);
    }

    public static Column opt(String name, Type type) {
        return new Column(name, type, true);
    }
}
