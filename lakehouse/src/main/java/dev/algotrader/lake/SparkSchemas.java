package dev.algotrader.lake;

import dev.algotrader.schema.Column;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Maps the engine-neutral {@link Column} types of {@link Table} to Spark SQL types. */
public final class SparkSchemas {

    private SparkSchemas() {}

    /** The Spark type of a logical column type. */
    public static DataType type(Column.Type t) {
        return switch (t) {
            case STRING -> DataTypes.StringType;
            case LONG -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DATE -> DataTypes.DateType;
            case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, false);
        };
    }

    /** The fixed columns of {@code table} as a StructType. */
    public static StructType of(Table table) {
        return of(table.columns());
    }

    /** A StructType of the given columns. */
    public static StructType of(List<Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : columns) {
            fields.add(DataTypes.createStructField(c.name(), type(c.type()), c.nullable()));
        }
        return DataTypes.createStructType(fields);
    }

    /** {@code silver/features}: the fixed columns plus one DOUBLE column per feature name. */
    public static StructType features(List<String> featureNames) {
        StructType s = of(Table.FEATURES);
        for (String f : featureNames) s = s.add(f, DataTypes.DoubleType, false);
        return s;
    }
}
