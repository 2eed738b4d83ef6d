package io.syncmaster.worker.runner.connector;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One validated source: a database table or a file directory. Database sources implement {@link WindowedSource}
 * for the incremental strategy, file sources {@link FileSource}.
 */
public interface Source extends ConnectorSide {
    /**
     * The rows to transfer: the source's data with the request's transformations applied (pushed down into SQL for
     * databases, Spark expressions for files), limited to the request's scope, read with up to
     * {@code request.parallelism()} partitions. May be lazy; errors raised while Spark evaluates it must surface as
     * source failures (a RunFailure on the source side, or an error the controller can attribute to the read).
     */
    Dataset<Row> read(RunEnvironment env, ReadRequest request);
}
