package io.syncmaster.worker.runner.support;

import java.nio.file.Path;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoints;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.read.JdbcSource;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transform.Transformations;
import io.syncmaster.worker.runner.write.ColumnNames;
import io.syncmaster.worker.runner.write.PostgresTarget;

/**
 * One run between PostgreSQL and a file connector, in the order the controller calls a connector (validate, check,
 * clean up stale staging, read, write): PostgreSQL through the runner's JDBC read and COPY write paths, the file side
 * through the connector under test.
 */
public final class FileTransfers {
    private FileTransfers() {
    }

    public static RunEnvironment environment(SparkSession spark, Path scratch) {
        return new RunEnvironment(spark, scratch, "tests syncmaster-job-runner", new SecretRedactor());
    }

    public static SideSpec side(FailureSide side, String type, ObjectNode merged, JsonNode params, RunIdentity run) {
        return new SideSpec(side, new ConnectionSpec(side == FailureSide.SOURCE ? 1 : 2, type, side.label(), merged), params, run);
    }

    /** PostgreSQL {@code public.<table>} → the file target; returns what the target reports. */
    public static WriteResult postgresToFiles(RunEnvironment env, ScratchDatabase pg, String table, Connector connector,
            SideSpec targetSide) {
        Target target = connector.target(targetSide);
        JdbcEndpoint endpoint = JdbcEndpoints.create("postgres", pg.merged(), env.clientInfo(), FailureSide.SOURCE);
        JdbcSource source = JdbcSource.connect(endpoint, TableName.parse("public." + table, FailureSide.SOURCE, "table"),
                Transformations.none(), 1);
        target.check(env);
        target.cleanUpStale(env);
        return target.write(env, source.read(env.spark()), WriteMode.REPLACE);
    }

    /** The file source → PostgreSQL {@code public.<table>} (replaced); returns the rows written. */
    public static long filesToPostgres(RunEnvironment env, Connector connector, SideSpec sourceSide, String transformationsJson,
            ScratchDatabase pg, String table) {
        Source source = connector.source(sourceSide);
        source.check(env);
        Dataset<Row> data = source.read(env, ReadRequest.all(Transformations.parse(Plans.json(transformationsJson)), 1));
        JdbcEndpoint endpoint = JdbcEndpoints.create("postgres", pg.merged(), env.clientInfo(), FailureSide.TARGET);
        PostgresTarget target = PostgresTarget.connect(endpoint, TableName.parse("public." + table, FailureSide.TARGET, "table"),
                sourceSide.run().runId());
        return target.writeFrame(env.spark(), ColumnNames.normalize(data, PostgresDialect.INSTANCE));
    }
}
