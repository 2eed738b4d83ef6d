package io.syncmaster.worker.runner.transfer.fastpath;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.connector.database.JdbcRead;
import io.syncmaster.worker.runner.connector.database.JdbcSource;
import io.syncmaster.worker.runner.connector.database.JdbcTarget;
import io.syncmaster.worker.runner.connector.database.postgres.CopyStagingWriter;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;
import io.syncmaster.worker.runner.transfer.FastPath;
import io.syncmaster.worker.runner.jdbc.ColumnNames;

/**
 * PostgreSQL → PostgreSQL: each partition runs {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} on the source and
 * streams the bytes into {@code COPY staging FROM STDIN (FORMAT binary)}; rows are never decoded. The SELECT casts
 * where a source type's binary form differs from the staging column's ({@link BinaryCopySelect}); the staging table
 * gets the column types the DataFrame path would create, and the target's staging + swap keeps its guarantees.
 * Applies when every output column has a type the pipe carries.
 */
public final class PostgresCopyPipe implements FastPath {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCopyPipe.class);

    /** Source column types the binary COPY pipe carries (cast on the source where needed, see BinaryCopySelect). */
    private static final Set<String> PIPE_SAFE_TYPES = Set.of("int2", "int4", "int8", "float4", "float8",
            "numeric", "text", "varchar", "bpchar", "bool", "date", "timestamp", "timestamptz", "uuid", "json", "jsonb", "bytea");

    @Override
    public String name() {
        return "PostgreSQL COPY pipe";
    }

    @Override
    public boolean applies(RunEnvironment env, Source source, Target target, ReadRequest request, WriteMode mode) {
        return source instanceof JdbcSource jdbcSource && jdbcSource.dialect() instanceof PostgresDialect
                && target instanceof JdbcTarget jdbcTarget && jdbcTarget.dialect() instanceof PostgresDialect
                && !(request.scope() instanceof ReadScope.Files)
                && PIPE_SAFE_TYPES.containsAll(jdbcSource.prepare(request).columnTypeNames());
    }

    @Override
    public WriteResult transfer(RunEnvironment env, Source source, Target target, ReadRequest request, WriteMode mode) {
        JdbcRead read = ((JdbcSource) source).prepare(request);
        JdbcTarget jdbcTarget = (JdbcTarget) target;
        StructType schema = ColumnNames.normalize(read.sparkSchema(), PostgresDialect.INSTANCE);
        LOG.info("PostgreSQL to PostgreSQL: streaming COPY output into COPY input, {} partition(s)", read.partitions());
        return jdbcTarget.writeVia(schema, mode, stagingSql -> pipe(env, read, jdbcTarget.endpoint(), schema, stagingSql));
    }

    private static long pipe(RunEnvironment env, JdbcRead read, JdbcEndpoint target, StructType schema, String stagingSql) {
        List<String> conditions = read.partitionPlan().predicates();
        List<String> inners = new ArrayList<>();
        if (conditions.isEmpty()) {
            inners.add(read.query().sql());
        } else {
            for (String condition : conditions) {
                inners.add(read.query().select(read.query().projection(), List.of(condition)));
            }
        }
        List<String> selects = new ArrayList<>();
        for (String inner : inners) {
            selects.add(BinaryCopySelect.wrap(inner, read.columnNames(), read.columnTypeNames(), schema, JdbcDialects.get(target.url())));
        }
        LongAccumulator rows = env.spark().sparkContext().longAccumulator("rows piped");
        PipeTask task = new PipeTask(read.endpoint(), target, selects, CopyStagingWriter.copyInSql(stagingSql, schema) + " (FORMAT binary)",
                ZoneId.systemDefault().getId(), rows);
        try {
            JavaSparkContext.fromSparkContext(env.spark().sparkContext())
                    .parallelize(IntStream.range(0, selects.size()).boxed().collect(Collectors.toList()), selects.size())
                    .foreach(task);
        } catch (Exception e) { // Spark throws the checked SparkException undeclared
            throw RunFailure.wrap(FailureSide.TARGET, "COPY into the staging table " + stagingSql + " failed", e);
        }
        return rows.value();
    }

    /** One Spark task (tasks run concurrently, all into the same staging table): COPY one partition of the source query straight into the staging table. */
    private record PipeTask(JdbcEndpoint source, JdbcEndpoint target, List<String> selects, String copyInSql, String zoneId,
            LongAccumulator rows) implements VoidFunction<Integer>, Serializable {
        @Override
        public void call(Integer partition) {
            rows.add(new CopyPipe(source, target, zoneId).copy(selects.get(partition), copyInSql));
        }
    }
}
