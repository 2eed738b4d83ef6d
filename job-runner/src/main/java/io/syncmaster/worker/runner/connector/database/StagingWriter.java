package io.syncmaster.worker.runner.connector.database;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;

/** Fills an existing, empty staging table with a DataFrame whose columns are already normalised. */
public interface StagingWriter {
    /**
     * @param stagingSql the staging table as written in SQL (quoted, qualified)
     * @return the rows written
     */
    long fill(RunEnvironment env, Dataset<Row> data, JdbcEndpoint target, String stagingSql);
}
