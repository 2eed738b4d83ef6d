package io.syncmaster.worker.runner.connector.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.syncmaster.worker.runner.connector.ColumnRange;
import io.syncmaster.worker.runner.connector.ColumnValue;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * The incremental seam of database sources on real PostgreSQL and MariaDB (transfer-semantics §4.6 step 2): MIN/MAX
 * of the increment column over the filtered rows at or above the HWM, and reads of a {@code (low, high]} window or of
 * no rows, with the right HWM kind per column type.
 */
class JdbcSourceWindowTest {
    private static ScratchDatabase postgres;
    private static ScratchDatabase mysql;

    @BeforeAll
    static void createDatabases() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "window");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "window");
        People.createSource(postgres, "source_table", false);
        People.createSource(mysql, "source_table", false);
    }

    @AfterAll
    static void dropDatabases() {
        if (postgres != null) {
            postgres.close();
        }
        if (mysql != null) {
            mysql.close();
        }
    }

    private static ScratchDatabase db(ScratchDatabase.Kind kind) {
        return kind == ScratchDatabase.Kind.POSTGRES ? postgres : mysql;
    }

    private static RunEnvironment env() {
        return new RunEnvironment(SharedSpark.session(), Path.of(System.getProperty("java.io.tmpdir")), "test", new SecretRedactor());
    }

    private static JdbcSource source(ScratchDatabase db) {
        JdbcConnector connector = db.kind() == ScratchDatabase.Kind.POSTGRES ? new PostgresConnector() : new MySqlConnector();
        SideSpec spec = new SideSpec(FailureSide.SOURCE, new ConnectionSpec(1, db.connectionType(), "s", db.merged()),
                Plans.JSON.createObjectNode().put("type", db.connectionType()).put("table_name", db.schema() + ".source_table"),
                new RunIdentity(1, 1, "app", Optional.empty()));
        JdbcSource source = (JdbcSource) connector.source(spec);
        source.check(env());
        return source;
    }

    @ParameterizedTest
    @EnumSource(ScratchDatabase.Kind.class)
    void measuresTheIncrementColumnAndReadsAWindow(ScratchDatabase.Kind kind) {
        JdbcSource source = source(db(kind));

        ColumnRange all = source.range(env(), "NUMBER", Transformations.none(), Optional.empty());
        assertThat(all.kind()).isEqualTo(ColumnValue.Kind.NUMBER);
        assertThat(((ColumnValue.Number) all.min().orElseThrow()).value()).isEqualByComparingTo("1");
        assertThat(((ColumnValue.Number) all.max().orElseThrow()).value()).isEqualByComparingTo("27");

        ColumnValue sixteen = new ColumnValue.Number(new BigDecimal(16));
        ColumnRange above = source.range(env(), "NUMBER", Transformations.parse(Plans.json(Plans.ROWS_FILTER)), Optional.of(sixteen));
        assertThat(((ColumnValue.Number) above.min().orElseThrow()).value()).isEqualByComparingTo("16");
        assertThat(((ColumnValue.Number) above.max().orElseThrow()).value().intValue()).isLessThanOrEqualTo(25);

        Dataset<Row> window = source.read(env(), new ReadRequest(Transformations.none(), 2,
                new ReadScope.ColumnWindow("NUMBER", Optional.of(sixteen), all.max())));
        assertThat(window.collectAsList()).extracting(row -> ((Number) row.getAs("NUMBER")).intValue())
                .containsExactlyInAnyOrderElementsOf(List.of(17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27));

        Dataset<Row> none = source.read(env(), new ReadRequest(Transformations.none(), 1, new ReadScope.NoRows()));
        assertThat(none.count()).isZero();
        assertThat(none.columns()).contains("ID", "NUMBER", "REGISTERED_AT");
    }

    @ParameterizedTest
    @EnumSource(ScratchDatabase.Kind.class)
    void timestampWindowsKeepMicroseconds(ScratchDatabase.Kind kind) {
        JdbcSource source = source(db(kind));
        People.Person first = People.all().get(0);
        LocalDateTime at = first.registeredAt();

        ColumnRange range = source.range(env(), "REGISTERED_AT", Transformations.none(), Optional.of(new ColumnValue.Timestamp(at)));
        assertThat(range.kind()).isEqualTo(ColumnValue.Kind.TIMESTAMP);
        assertThat(((ColumnValue.Timestamp) range.min().orElseThrow()).value()).isEqualTo(at);

        long after = People.all().stream().filter(p -> p.registeredAt().isAfter(at)).count();
        assertThat(source.read(env(), new ReadRequest(Transformations.none(), 1, new ReadScope.ColumnWindow("REGISTERED_AT",
                Optional.of(new ColumnValue.Timestamp(at)), Optional.empty()))).count()).isEqualTo(after);
        assertThat(source.range(env(), "BIRTH_DATE", Transformations.none(), Optional.empty()).kind()).isEqualTo(ColumnValue.Kind.DATE);
    }

    @ParameterizedTest
    @EnumSource(ScratchDatabase.Kind.class)
    void aTextColumnCannotBeAnIncrementColumn(ScratchDatabase.Kind kind) {
        JdbcSource source = source(db(kind));

        assertThatThrownBy(() -> source.range(env(), "REGION", Transformations.none(), Optional.empty()))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e.getMessage()).contains("'REGION'").contains("only numbers, dates and timestamps");
                });
    }
}
