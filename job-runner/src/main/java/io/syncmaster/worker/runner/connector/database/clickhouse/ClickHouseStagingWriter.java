package io.syncmaster.worker.runner.connector.database.clickhouse;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.database.SparkJdbcStagingWriter;
import io.syncmaster.worker.runner.connector.database.StagingWriter;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;

/**
 * Spark JDBC inserts into the ClickHouse staging table, with the value checks ClickHouse's date types need, so that
 * no value is changed silently:
 * <ul>
 * <li>A date or timestamp outside what the column type holds ({@code Date} and {@code DateTime}: from 1970 on;
 * {@code Date32}/{@code DateTime64}: 1900–2299) fails the run with a message naming the column; ClickHouse would
 * otherwise store a wrapped-around or zero value.</li>
 * <li>A server without {@code DateTime64} (before 20.1) stores whole seconds and refuses a fraction outright
 * ("Cannot parse input"), so there timestamps are truncated to the second (a documented, logged loss).</li>
 * </ul>
 * The checks run inside the same Spark job as the insert: no second pass over the source.
 */
public final class ClickHouseStagingWriter implements StagingWriter {
    private final StagingWriter rows = new SparkJdbcStagingWriter();

    @Override
    public long fill(RunEnvironment env, Dataset<Row> data, JdbcEndpoint target, String stagingSql) {
        ClickHouseServerInfo server = target.dialect() instanceof ClickHouseSqlDialect dialect ? dialect.server() : ClickHouseServerInfo.MODERN;
        Dataset<Row> written = data;
        for (StructField field : data.schema().fields()) {
            DataType type = field.dataType();
            Column column = data.col(field.name());
            if (type.equals(DataTypes.DateType)) {
                written = written.withColumn(field.name(), inRange(column, field.name(), server.date32() ? "1900-01-01" : "1970-01-01",
                        server.date32() ? "2299-12-31" : "2149-06-06", "date", type));
            } else if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
                Column value = server.dateTime64() ? column : functions.date_trunc("second", column).cast(type);
                written = written.withColumn(field.name(), inRange(value, field.name(), server.dateTime64() ? "1900-01-01" : "1970-01-01",
                        server.dateTime64() ? "2299-12-31" : "2106-02-07", "timestamp", type));
            }
        }
        return rows.fill(env, written, target, stagingSql);
    }

    private static Column inRange(Column value, String name, String from, String until, String kind, DataType type) {
        Column low = functions.lit(from).cast(DataTypes.DateType);
        Column high = functions.lit(until).cast(DataTypes.DateType);
        Column asDate = value.cast(DataTypes.DateType);
        String message = "column '" + name + "' holds a " + kind + " outside " + from + " … " + until
                + ", which this ClickHouse server's column type cannot store";
        return functions.when(asDate.lt(low).or(asDate.gt(high)), functions.raise_error(functions.lit(message)).cast(type))
                .otherwise(value);
    }
}
