package io.syncmaster.worker.runner.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.database.JdbcTarget;
import io.syncmaster.worker.runner.connector.database.PostgresConnector;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import org.apache.spark.sql.types.StructType;

/** The controller's own duties on real databases: stale staging cleanup, SIGTERM abort, the run summary. */
class TransferControllerTest {
    private static final SharedSpark SPARK = new SharedSpark();
    private static ScratchDatabase postgres;
    private static ScratchDatabase mysql;

    @BeforeAll
    static void createDatabases() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "controller");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "controller");
        People.createSource(postgres, "source_table", false);
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

    private static TransferController controller() {
        return TransferController.standard(SPARK, Map.of(), Map.of(), new SecretRedactor());
    }

    @Test
    void stagingLeftByKilledRunsOfTheSameTransferIsDroppedAndOtherTransfersAreLeftAlone() {
        // Plans.full builds transfer 1; these are what killed runs 5 and 6 of it, and a run of transfer 2, left behind
        postgres.execute("CREATE TABLE public.syncmaster_tmp_1_5 (x int)", "CREATE TABLE public.syncmaster_tmp_1_6_old (x int)",
                "CREATE TABLE public.syncmaster_tmp_2_5 (x int)");
        mysql.execute("CREATE TABLE " + mysql.name() + ".syncmaster_tmp_1_7 (x int)");

        controller().run(Plans.full(postgres, "source_table", postgres, "cleaned_target", "[]", 1));
        controller().run(Plans.full(postgres, "source_table", mysql, "cleaned_target", "[]", 1));

        assertThat(TableContent.stagingTables(postgres)).containsExactly("syncmaster_tmp_2_5");
        assertThat(TableContent.stagingTables(mysql)).isEmpty();
        postgres.execute("DROP TABLE public.syncmaster_tmp_2_5");
    }

    @Test
    void abortDropsTheRunsStagingWhileAWriteIsUnderWayAndTheTargetIsUntouched() {
        postgres.execute("CREATE TABLE public.aborted_target (id integer)", "INSERT INTO public.aborted_target VALUES (3)");
        SideSpec spec = new SideSpec(FailureSide.TARGET, new ConnectionSpec(2, "postgres", "t",
                postgres.merged()), Plans.JSON.createObjectNode().put("type", "postgres").put("table_name", "public.aborted_target"),
                new RunIdentity(41, 9, "app", Optional.empty()));
        JdbcTarget target = (JdbcTarget) new PostgresConnector().target(spec);
        RunEnvironment env = new RunEnvironment(SharedSpark.session(), Path.of("/tmp"), "test", new SecretRedactor());
        target.check(env);
        var schema = new StructType().add("id", "int");

        assertThatThrownBy(() -> target.writeVia(schema, WriteMode.REPLACE, staging -> {
            assertThat(TableContent.stagingTables(postgres)).containsExactly("syncmaster_tmp_9_41");
            target.abort(); // what the SIGTERM hook does
            assertThat(TableContent.stagingTables(postgres)).isEmpty();
            return 0;
        })).isInstanceOfSatisfying(RunFailure.class, e -> assertThat(e.side()).isEqualTo(FailureSide.TARGET));

        assertThat(TableContent.rows(postgres, "aborted_target", "id")).extracting(r -> r.get("id")).containsExactly(3L);
    }

    @Test
    void theSummaryCountsRowsReadAndWrittenAndTimesEachPhase() {
        RunSummary pipe = controller().run(Plans.full(postgres, "source_table", postgres, "summary_pipe", "[]", 2));
        RunSummary spark = controller().run(Plans.full(postgres, "source_table", mysql, "summary_spark", "[]", 2));

        for (RunSummary summary : List.of(pipe, spark)) {
            assertThat(summary.succeeded()).isTrue();
            assertThat(summary.rowsRead()).isEqualTo(OptionalLong.of(27));
            assertThat(summary.rowsWritten()).isEqualTo(OptionalLong.of(27));
            assertThat(summary.phaseSeconds()).containsOnlyKeys("validate", "spark_start", "check", "transfer", "finish");
            assertThat(summary.phaseSeconds().values()).allSatisfy(seconds -> assertThat(seconds).isNotNegative());
            assertThat(summary.line()).startsWith("summary: {\"outcome\":\"succeeded\",\"rows_read\":27,\"rows_written\":27,"
                    + "\"bytes_written\":null,\"phases\":{\"validate\":");
        }
    }

    @Test
    void aFailedRunStillReportsWhatItDid() {
        RunMetrics metrics = new RunMetrics();
        assertThatThrownBy(() -> controller().run(Plans.full(postgres, "no_such_table", postgres, "never", "[]", 1), metrics))
                .isInstanceOf(RunFailure.class);

        RunSummary summary = metrics.summary(false);
        assertThat(summary.line()).startsWith("summary: {\"outcome\":\"failed\",\"rows_read\":null,\"rows_written\":null,");
        assertThat(summary.phaseSeconds()).containsKeys("validate", "spark_start", "check").doesNotContainKey("transfer");
    }
}
