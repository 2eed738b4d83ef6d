package io.syncmaster.worker.runner.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.FailureSummary;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;

/**
 * Bad input on the PostgreSQL and MySQL connectors against the real servers: a target schema that does not exist,
 * a wrong password, an unreachable host, a wrong-typed field. Each is a clear error of the right side, the target
 * keeps its rows, and the summary holds no secret.
 */
class BadInputTest {
    private static final SharedSpark SPARK = new SharedSpark();
    private static final String SECRET = "right-Secret-42";
    private static final String WRONG = "wrong-Secret-43";
    private static ScratchDatabase postgres;
    private static ScratchDatabase mysql;
    private static final String USER = "jr_bad_" + Long.toHexString(System.nanoTime() & 0xFFFFFF);

    @BeforeAll
    static void createDatabases() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "bad");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "bad");
        People.createSource(postgres, "source_table", false);
        mysql.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + SECRET + "'",
                "CREATE USER '" + USER + "'@'localhost' IDENTIFIED BY '" + SECRET + "'",
                "CREATE TABLE " + mysql.name() + ".kept (id int)", "INSERT INTO " + mysql.name() + ".kept VALUES (7)");
    }

    @AfterAll
    static void dropDatabases() {
        if (mysql != null) {
            mysql.execute("DROP USER IF EXISTS '" + USER + "'@'%'", "DROP USER IF EXISTS '" + USER + "'@'localhost'");
            mysql.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static RunFailure fail(TransferPlan plan, FailureSide side) {
        SecretRedactor redactor = new SecretRedactor();
        redactor.register(WRONG);
        redactor.register(SECRET);
        try {
            TransferController.standard(SPARK, Map.of(), Map.of(), redactor).run(plan);
        } catch (RunFailure e) {
            assertThat(e.side()).isEqualTo(side);
            assertThat(FailureSummary.of(e, side, redactor).render()).doesNotContain(WRONG).doesNotContain(SECRET);
            assertThat(e.getMessage()).doesNotContain(WRONG).doesNotContain(SECRET);
            return e;
        }
        throw new AssertionError("the run did not fail");
    }

    @Test
    void aMissingTargetSchemaIsNamed() {
        TransferPlan toPg = Plans.full(postgres, "source_table", postgres, "x", "[]", 1);
        ObjectNode params = toPg.targetParams().deepCopy();
        params.put("table_name", "no_such_schema.x");
        TransferPlan plan = new TransferPlan(toPg.run(), toPg.source(), toPg.sourceParams(), toPg.target(), params,
                toPg.strategyParams(), toPg.resources(), toPg.transformations());

        assertThat(fail(plan, FailureSide.TARGET)).hasMessage("the target schema 'no_such_schema' does not exist");

        TransferPlan toMysql = Plans.full(postgres, "source_table", mysql, "x", "[]", 1);
        ObjectNode mysqlParams = toMysql.targetParams().deepCopy();
        mysqlParams.put("table_name", "no_such_db.x");
        assertThat(fail(new TransferPlan(toMysql.run(), toMysql.source(), toMysql.sourceParams(), toMysql.target(), mysqlParams,
                toMysql.strategyParams(), toMysql.resources(), toMysql.transformations()), FailureSide.TARGET))
                .hasMessage("the target schema 'no_such_db' does not exist");
    }

    @Test
    void aWrongPasswordIsATargetErrorWithoutThePassword() {
        ObjectNode wrong = mysql.merged().put("user", USER).put("password", WRONG);

        assertThat(fail(Plans.full(postgres, postgres.merged(), "source_table", mysql, wrong, "kept", "[]", 1), FailureSide.TARGET)
                .getMessage()).contains("cannot connect to the target database").contains("Access denied");
        assertThat(TableContent.rows(mysql, "kept", "id")).extracting(r -> r.get("id")).containsExactly(7L);
    }

    @Test
    void anUnreachableHostIsASourceErrorAndTheTargetIsUntouched() {
        ObjectNode unreachable = mysql.merged().put("host", "127.0.0.1").put("port", 1).put("password", SECRET);

        assertThat(fail(Plans.full(mysql, unreachable, "kept", mysql, mysql.merged(), "kept", "[]", 1), FailureSide.SOURCE)
                .getMessage()).contains("cannot connect to the source database");
        assertThat(TableContent.rows(mysql, "kept", "id")).extracting(r -> r.get("id")).containsExactly(7L);
    }

    @Test
    void aWrongTypedFieldIsNamedBeforeAnythingConnects() {
        ObjectNode badPort = postgres.merged().put("port", "fifty");

        SharedSpark neverStarted = new SharedSpark();

        assertThatThrownBy(() -> TransferController.standard(neverStarted, Map.of(), Map.of(), new SecretRedactor())
                .run(Plans.full(postgres, badPort, "source_table", mysql, mysql.merged(), "kept", "[]", 1)))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e).hasMessage("source connection (postgres): field 'port' must be an integer");
                });
        assertThat(neverStarted.requested()).isEmpty();
    }
}
