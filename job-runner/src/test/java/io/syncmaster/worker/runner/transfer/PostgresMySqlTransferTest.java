package io.syncmaster.worker.runner.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;

/**
 * PostgreSQL ↔ MySQL (MariaDB through MySQL Connector/J), strategy full: the checklist rows #26, #27, #29 (both
 * cases) and #30 of transfer-semantics §6.2. MySQL keeps timestamps to the second, so they are compared within 1 s.
 */
class PostgresMySqlTransferTest {
    private static final Duration MYSQL_TIMESTAMP_TOLERANCE = Duration.ofSeconds(1);
    private static ScratchDatabase postgres;
    private static ScratchDatabase mysql;
    private static final SharedSpark SPARK = new SharedSpark();

    @BeforeAll
    static void createDatabases() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "pgmy_pg");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "pgmy_my");
        People.createSource(postgres, "source_table", false);
        People.createSource(postgres, "mixed_source", true);
        People.createSource(mysql, "source_table", false);
        People.createSource(mysql, "mixed_source", true);
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

    private static long run(TransferPlan plan) {
        return TransferController.standard(SPARK, Map.of(), Map.of(), new SecretRedactor()).run(plan).rowsWritten().orElseThrow();
    }

    @Test
    void postgresToMysqlFull() { // #26
        long rows = run(Plans.full(postgres, "source_table", mysql, "target_table", "[]", 1));

        assertThat(rows).isEqualTo(27);
        assertThat(TableContent.sameRows(TableContent.rows(mysql, "target_table", "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), MYSQL_TIMESTAMP_TOLERANCE)).isTrue();
        assertThat(TableContent.stagingTables(mysql)).isEmpty();
    }

    @Test
    void postgresToMysqlMixedNaming() { // #27
        run(Plans.full(postgres, "mixed_source", mysql, "mixed_target", "[]", 2));

        assertThat(TableContent.columns(mysql, "mixed_target"))
                .containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(mysql, "mixed_target", "id"),
                TableContent.expectedFull(People.mixedNaming(), People.MIXED_COLUMNS), MYSQL_TIMESTAMP_TOLERANCE)).isTrue();
    }

    @Test
    void postgresToMysqlReplacesTheTableAtomically() {
        mysql.execute("CREATE TABLE " + mysql.name() + ".replaced_target (other text)",
                "INSERT INTO " + mysql.name() + ".replaced_target VALUES ('old')");

        run(Plans.full(postgres, "source_table", mysql, "replaced_target", "[]", 1));

        assertThat(TableContent.columns(mysql, "replaced_target")).contains("id").doesNotContain("other");
        assertThat(TableContent.rows(mysql, "replaced_target", "id")).hasSize(27);
        assertThat(TableContent.stagingTables(mysql)).isEmpty();
    }

    @Test
    void mysqlToPostgresFull() {
        run(Plans.full(mysql, "source_table", postgres, "from_mysql", "[]", 1));

        assertThat(TableContent.rows(postgres, "from_mysql", "id")).isEqualTo(TableContent.expectedFull(People.all(), People.COLUMNS));
    }

    @Test
    void mysqlToPostgresWithRowsFilterInParallel() { // #29, rows filter (RLIKE, backticks, LOWER() LIKE LOWER())
        run(Plans.full(mysql, "source_table", postgres, "mysql_rows", Plans.ROWS_FILTER, 2));

        List<People.Person> expected = People.all().stream().filter(People::passesRowsFilter).toList();
        assertThat(TableContent.rows(postgres, "mysql_rows", "id")).isEqualTo(TableContent.expectedFull(expected, People.COLUMNS));
    }

    @Test
    void mysqlToPostgresWithColumnsFilter() { // #29, columns filter (CAST(... AS CHAR))
        run(Plans.full(mysql, "source_table", postgres, "mysql_columns", Plans.columnsFilter("CHAR"), 1));

        assertThat(TableContent.columns(postgres, "mysql_columns"))
                .containsExactly("id", "region", "phone_number", "region2", "number", "registered_at");
        assertThat(TableContent.rows(postgres, "mysql_columns", "id")).isEqualTo(TableContent.expectedColumnsFiltered(People.all()));
    }

    @Test
    void mysqlToPostgresMixedNaming() { // #30
        run(Plans.full(mysql, "mixed_source", postgres, "mysql_mixed", "[]", 1));

        assertThat(TableContent.columns(postgres, "mysql_mixed"))
                .containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.rows(postgres, "mysql_mixed", "id"))
                .isEqualTo(TableContent.expectedFull(People.mixedNaming(), People.MIXED_COLUMNS));
    }

    @Test
    void mysqlFilterValuesAreEscaped() {
        String filter = """
                [{"type": "dataframe_rows_filter", "filters": [
                  {"type": "equal", "field": "REGION", "value": "O'Connell"},
                  {"type": "not_equal", "field": "REGION", "value": "\\\\' OR 1=1 -- "}]}]""";
        run(Plans.full(mysql, "source_table", postgres, "mysql_quote", filter, 1));

        assertThat(TableContent.rows(postgres, "mysql_quote", "id")).extracting(r -> r.get("region")).containsExactly("O'Connell");
    }

    @Test
    void aMysqlFailureDuringTheWriteLeavesTheTargetAsItWas() {
        mysql.execute("CREATE TABLE " + mysql.name() + ".kept_target (id int)", "INSERT INTO " + mysql.name() + ".kept_target VALUES (5)");
        // PostgreSQL raises while rows are read; the MySQL staging table was created by then.
        String badCast = """
                [{"type": "dataframe_columns_filter", "filters": [{"type": "cast", "field": "REGION", "as_type": "INTEGER"}]}]""";

        assertThatThrownBy(() -> run(Plans.full(postgres, "source_table", mysql, "kept_target", badCast, 1)))
                .isInstanceOfSatisfying(RunFailure.class, e -> assertThat(e.side()).isEqualTo(FailureSide.SOURCE));

        assertThat(TableContent.rows(mysql, "kept_target", "id")).extracting(r -> r.get("id")).containsExactly(5L);
        assertThat(TableContent.stagingTables(mysql)).isEmpty();
    }

    @Test
    void aMissingMysqlSourceTableIsASourceError() {
        assertThatThrownBy(() -> run(Plans.full(mysql, "no_such_table", postgres, "never_written", "[]", 1)))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e.getMessage()).contains("no_such_table").contains("doesn't exist");
                });
        assertThat(TableContent.exists(postgres, "never_written")).isFalse();
    }
}
