package io.syncmaster.worker.runner.transfer;

import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoints;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;
import io.syncmaster.worker.runner.read.JdbcSource;
import io.syncmaster.worker.runner.spark.SparkConfiguration;
import io.syncmaster.worker.runner.spark.SparkSessionProvider;
import io.syncmaster.worker.runner.write.ColumnNames;
import io.syncmaster.worker.runner.write.MySqlTarget;
import io.syncmaster.worker.runner.write.PostgresTarget;

/**
 * Performs one validated {@link TransferPlan}, strategy full, database to database (transfer-semantics §5.1–5.2):
 * start Spark, check both connections (source first, as upstream), read the filtered source, normalise column
 * names, replace the target table. PostgreSQL → PostgreSQL uses the COPY pipe when the column types allow it.
 */
public final class TransferExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(TransferExecutor.class);

    private final SparkSessionProvider sparkSessions;
    private final Map<String, String> workerSparkDefaults;
    private final Map<String, String> commandLineConf;
    private final SecretRedactor redactor;

    public TransferExecutor(SparkSessionProvider sparkSessions, Map<String, String> workerSparkDefaults,
            Map<String, String> commandLineConf, SecretRedactor redactor) {
        this.sparkSessions = sparkSessions;
        this.workerSparkDefaults = workerSparkDefaults;
        this.commandLineConf = commandLineConf;
        this.redactor = redactor;
    }

    /** Runs the transfer; returns the number of rows now in the target table. */
    public long execute(TransferPlan plan) {
        Map<String, String> conf = SparkConfiguration.compute(workerSparkDefaults, commandLineConf, plan.resources(),
                plan.appName(), hostname());
        LOG.info("Starting Spark with {}", redactor.sanitizeConf(conf));
        SparkSession spark;
        long sparkStart = System.nanoTime();
        try {
            spark = sparkSessions.open(conf);
        } catch (RuntimeException e) {
            throw RunFailure.wrap(FailureSide.SETUP, "cannot start Spark", e);
        }
        // SQL settings also reach a session that already existed (getOrCreate keeps the first one's builder conf).
        conf.forEach((key, value) -> {
            if (key.startsWith("spark.sql.")) {
                spark.conf().set(key, value);
            }
        });
        long transferStart = System.nanoTime();
        LOG.info("Spark ready: session start {} ms, JVM uptime {} ms", (transferStart - sparkStart) / 1_000_000,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        try {
            String clientInfo = spark.sparkContext().applicationId() + " " + plan.appName() + " syncmaster-job-runner Spark/"
                    + spark.version();
            JdbcEndpoint sourceEndpoint = JdbcEndpoints.create(plan.sourceType().typeName(), plan.source().merged(), clientInfo,
                    FailureSide.SOURCE);
            JdbcEndpoint targetEndpoint = JdbcEndpoints.create(plan.targetType().typeName(), plan.target().merged(), clientInfo,
                    FailureSide.TARGET);
            redactor.register(sourceEndpoint.password());
            redactor.register(targetEndpoint.password());
            LOG.info("Source {} table {}; target {} table {}", sourceEndpoint, plan.sourceTable(), targetEndpoint, plan.targetTable());

            JdbcSource source = JdbcSource.connect(sourceEndpoint, plan.sourceTable(), plan.transformations(),
                    plan.resources().maxParallelTasks());
            long rows = switch (plan.targetType()) {
                case POSTGRES -> writePostgres(spark, plan, source, targetEndpoint);
                case MYSQL -> {
                    MySqlTarget target = MySqlTarget.connect(targetEndpoint, plan.targetTable(), plan.runId());
                    yield target.writeFrame(ColumnNames.normalize(source.read(spark), targetEndpoint.dialect()));
                }
                default -> throw new RunFailure(FailureSide.TARGET, "connection type " + plan.targetType().typeName()
                        + " is not supported by this job-runner yet");
            };
            LOG.info("Transfer done: {} rows in {} ms after Spark was ready", rows, (System.nanoTime() - transferStart) / 1_000_000);
            return rows;
        } finally {
            sparkSessions.close(spark);
        }
    }

    private long writePostgres(SparkSession spark, TransferPlan plan, JdbcSource source, JdbcEndpoint targetEndpoint) {
        PostgresTarget target = PostgresTarget.connect(targetEndpoint, plan.targetTable(), plan.runId());
        if (PostgresTarget.pipeSupports(source)) {
            StructType schema = ColumnNames.normalize(source.sparkSchema(), PostgresDialect.INSTANCE);
            LOG.info("PostgreSQL to PostgreSQL: streaming COPY output into COPY input, {} partition(s)", source.partitions());
            return target.writePipe(spark, source, schema);
        }
        LOG.info("Writing the PostgreSQL target with COPY from Spark partitions");
        Dataset<Row> data = source.read(spark);
        return target.writeFrame(spark, ColumnNames.normalize(data, PostgresDialect.INSTANCE));
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
