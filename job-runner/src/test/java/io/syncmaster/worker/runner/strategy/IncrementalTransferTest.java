package io.syncmaster.worker.runner.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.hwm.FakeHorizon;
import io.syncmaster.worker.runner.hwm.Hwm;
import io.syncmaster.worker.runner.hwm.HwmStore;
import io.syncmaster.worker.runner.hwm.HwmStores;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transfer.TransferPlan;
import io.syncmaster.worker.runner.transfer.fastpath.PostgresCopyPipe;

/**
 * Strategy incremental end to end on real PostgreSQL and MariaDB, real Spark and the in-process Horizon fake:
 * checklist §6.2 #28 (PG → MySQL), #31 (MySQL → PG) and the PG incremental pattern of §6.1 (16 rows, add 11, 27
 * rows) with parallel reads; incremental → full → incremental (#2); an empty increment; an HWM type mismatch;
 * Horizon down at the start and at the save; a failure at each step of the write/save sequence; token expiry and
 * revocation mid-run; the sql transformation over an incremental window.
 */
class IncrementalTransferTest {
    private static final SharedSpark SPARK = new SharedSpark();
    private static final AtomicLong TRANSFER_IDS = new AtomicLong(7000);
    private static final Duration MYSQL_TOLERANCE = Duration.ofSeconds(1);
    private static final String NAMESPACE = "syncmaster_namespace";
    private static final String PASSWORD = "h0rizon-secret";

    private static ScratchDatabase pg;
    private static ScratchDatabase maria;

    private FakeHorizon horizon;
    private long transferId;

    @BeforeAll
    static void createDatabases() {
        pg = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "incr_pg");
        maria = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "incr_my");
        People.createSource(pg, "people_all", false);
        People.createSource(maria, "people_all", false);
    }

    @AfterAll
    static void dropDatabases() {
        if (pg != null) {
            pg.close();
        }
        if (maria != null) {
            maria.close();
        }
    }

    @BeforeEach
    void startHorizon() {
        horizon = FakeHorizon.start().password("syncmaster", PASSWORD);
        transferId = TRANSFER_IDS.incrementAndGet();
    }

    @AfterEach
    void stopHorizon() {
        horizon.close();
    }

    // ---- the checklist patterns ----

    @Test
    void postgresToPostgresReads16ThenAppendsTheNext11WithParallelReads() {
        String source = firstSixteen(pg, "pg_src");
        run(plan(pg, source, pg, "pg_dst", incremental("NUMBER"), "[]", 2));
        assertThat(TableContent.rows(pg, "pg_dst", "id")).isEqualTo(expected(1, 16));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(16);
        assertThat(hwm(pg, source).path("type").asText()).isEqualTo("column_int");
        assertThat(hwm(pg, source).path("entity").asText()).isEqualTo("public." + source);
        assertThat(hwm(pg, source).path("expression").asText()).isEqualTo("\"NUMBER\"");

        addTheRest(pg, source);
        run(plan(pg, source, pg, "pg_dst", incremental("NUMBER"), "[]", 2));
        assertThat(TableContent.rows(pg, "pg_dst", "id")).isEqualTo(expected(1, 27));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(27);
        assertThat(TableContent.stagingTables(pg)).isEmpty();
    }

    @Test
    void postgresToMysqlIncremental() { // checklist #28
        String source = firstSixteen(pg, "pg_to_my_src");
        run(plan(pg, source, maria, "pg_to_my_dst", incremental("NUMBER"), "[]", 1));
        assertThat(TableContent.sameRows(TableContent.rows(maria, "pg_to_my_dst", "id"), expected(1, 16), MYSQL_TOLERANCE)).isTrue();
        addTheRest(pg, source);
        run(plan(pg, source, maria, "pg_to_my_dst", incremental("NUMBER"), "[]", 1));
        assertThat(TableContent.sameRows(TableContent.rows(maria, "pg_to_my_dst", "id"), expected(1, 27), MYSQL_TOLERANCE)).isTrue();
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(27);
    }

    @Test
    void mysqlToPostgresIncremental() { // checklist #31
        String source = firstSixteen(maria, "my_to_pg_src");
        run(plan(maria, source, pg, "my_to_pg_dst", incremental("NUMBER"), "[]", 2));
        assertThat(TableContent.rows(pg, "my_to_pg_dst", "id")).isEqualTo(expected(1, 16));
        assertThat(hwm(maria, source).path("expression").asText()).isEqualTo("`NUMBER`");
        addTheRest(maria, source);
        run(plan(maria, source, pg, "my_to_pg_dst", incremental("NUMBER"), "[]", 2));
        assertThat(TableContent.rows(pg, "my_to_pg_dst", "id")).isEqualTo(expected(1, 27));
        assertThat(hwm(maria, source).path("value").asInt()).isEqualTo(27);
    }

    @Test
    void incrementalThenFullThenIncrementalStartsOver() { // checklist #2
        String source = firstSixteen(pg, "switch_src");
        run(plan(pg, source, pg, "switch_dst", incremental("NUMBER"), "[]", 2));
        addTheRest(pg, source);
        run(plan(pg, source, pg, "switch_dst", full(), "[]", 2));
        assertThat(TableContent.rows(pg, "switch_dst", "id")).isEqualTo(expected(1, 27));
        assertThat(hwm(pg, source).get("value").isNull()).isTrue(); // reset, type kept
        assertThat(hwm(pg, source).path("type").asText()).isEqualTo("column_int");

        run(plan(pg, source, pg, "switch_dst", incremental("NUMBER"), "[]", 2));
        assertThat(TableContent.rows(pg, "switch_dst", "id")).isEqualTo(expected(1, 27)); // replaced, not appended
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(27);
    }

    @Test
    void anEmptyIncrementWritesNothingAndKeepsTheHwm() {
        String source = firstSixteen(pg, "empty_src");
        run(plan(pg, source, pg, "empty_dst", incremental("NUMBER"), "[]", 1));
        long rows = run(plan(pg, source, pg, "empty_dst", incremental("NUMBER"), "[]", 1));
        assertThat(rows).isZero();
        assertThat(TableContent.rows(pg, "empty_dst", "id")).isEqualTo(expected(1, 16));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(16);
        // rows below the HWM that appear later are not read (as upstream): the window starts above it
        pg.execute("DELETE FROM public." + source + " WHERE \"NUMBER\" > 10");
        assertThat(run(plan(pg, source, pg, "empty_dst", incremental("NUMBER"), "[]", 1))).isZero();
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(16);
    }

    @Test
    void dateAndTimestampColumnsKeepTheirHwmTypes() {
        String source = firstSixteen(pg, "typed_src");
        run(plan(pg, source, pg, "typed_dst", incremental("REGISTERED_AT"), "[]", 1));
        JsonNode stored = hwm(pg, source);
        assertThat(stored.path("type").asText()).isEqualTo("column_datetime");
        LocalDateTime newest = People.all().subList(0, 16).stream().map(People.Person::registeredAt)
                .max(Comparable::compareTo).orElseThrow();
        assertThat(stored.path("value").asText()).doesNotContain("+");
        assertThat(LocalDateTime.parse(stored.path("value").asText())).isEqualTo(newest);
        addTheRest(pg, source);
        run(plan(pg, source, pg, "typed_dst", incremental("REGISTERED_AT"), "[]", 1));
        List<Map<String, Object>> all = TableContent.rows(pg, "typed_dst", "id");
        List<Map<String, Object>> newer = expectedWhere(p -> p.number() <= 16 || p.registeredAt().isAfter(newest));
        assertThat(all).isEqualTo(newer);

        String dated = firstSixteen(pg, "dated_src");
        run(plan(pg, dated, pg, "dated_dst", incremental("BIRTH_DATE"), "[]", 1));
        assertThat(hwm(pg, dated).path("type").asText()).isEqualTo("column_date");
        assertThat(hwm(pg, dated).path("value").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    // ---- failures ----

    @Test
    void aStoredHwmOfAnotherTypeFailsClearlyAndLeavesTheTargetAlone() {
        String source = firstSixteen(pg, "mismatch_src");
        long namespace = horizon.createNamespace(NAMESPACE, "syncmaster");
        horizon.putHwm(namespace, "syncmaster", transferId + "_postgres_public." + source, "column_datetime",
                Plans.json("\"2024-01-01T00:00:00\""), "public." + source, "\"NUMBER\"");
        assertThatThrownBy(() -> run(plan(pg, source, pg, "mismatch_dst", incremental("NUMBER"), "[]", 1)))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("HWM '" + transferId + "_postgres_public." + source + "' in the HWM store is column_datetime")
                .hasMessageContaining("now needs column_int");
        assertThat(TableContent.exists(pg, "mismatch_dst")).isFalse();
        assertThat(hwm(pg, source).path("value").asText()).isEqualTo("2024-01-01T00:00:00");
    }

    @Test
    void incrementalWithoutTheHwmStoreFailsBeforeSparkStarts() {
        String source = firstSixteen(pg, "nostore_src");
        int sessions = SPARK.requested().size();
        assertThatThrownBy(() -> controller(Optional::empty).run(plan(pg, source, pg, "nostore_dst", incremental("NUMBER"), "[]", 1)))
                .isInstanceOf(RunFailure.class).hasMessageStartingWith("strategy incremental needs the HWM store");
        assertThat(SPARK.requested()).hasSize(sessions);
    }

    @Test
    void horizonDownAtTheStartFailsBeforeAnyRowMoves() {
        String source = firstSixteen(pg, "down_src");
        run(plan(pg, source, pg, "down_dst", incremental("NUMBER"), "[]", 1));
        addTheRest(pg, source);
        horizon.close();
        assertThatThrownBy(() -> run(plan(pg, source, pg, "down_dst", incremental("NUMBER"), "[]", 1)))
                .isInstanceOf(RunFailure.class).hasMessageStartingWith("HWM store: cannot read HWM")
                .hasMessageContaining("did not answer").hasMessageNotContaining(PASSWORD);
        assertThat(TableContent.rows(pg, "down_dst", "id")).isEqualTo(expected(1, 16));
    }

    @Test
    void aUserWhoCannotWriteHwmsFailsBeforeAnyRowMoves() {
        String source = firstSixteen(pg, "guest_src");
        horizon.createNamespace(NAMESPACE, "someone-else");
        assertThatThrownBy(() -> run(plan(pg, source, pg, "guest_dst", incremental("NUMBER"), "[]", 1)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("(checked before reading)")
                .hasMessageContaining("403 permission_denied");
        assertThat(TableContent.exists(pg, "guest_dst")).isFalse();
    }

    /**
     * The save points of docs/incremental.md: a failure (a) before the append commits, (b) after the commit and
     * before the HWM save, (c) after the save. No row is ever lost; only (b) duplicates, and exactly the window.
     */
    @Test
    void failureAtEachStepLosesNothingAndDuplicatesOnlyTheDocumentedWindow() {
        // (a) the target refuses the append inside its transaction: nothing committed, HWM unchanged
        String source = firstSixteen(pg, "steps_src");
        run(plan(pg, source, pg, "steps_dst", incremental("NUMBER"), "[]", 1));
        addTheRest(pg, source);
        pg.execute("CREATE FUNCTION refuse_steps() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'refused by the test'; END $$",
                "CREATE TRIGGER refuse_steps BEFORE INSERT ON public.steps_dst FOR EACH ROW EXECUTE FUNCTION refuse_steps()");
        assertThatThrownBy(() -> run(plan(pg, source, pg, "steps_dst", incremental("NUMBER"), "[]", 1)))
                .isInstanceOf(RunFailure.class);
        assertThat(TableContent.rows(pg, "steps_dst", "id")).isEqualTo(expected(1, 16));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(16);
        pg.execute("DROP TRIGGER refuse_steps ON public.steps_dst", "DROP FUNCTION refuse_steps()");

        // (b) committed, then Horizon answers 503 to every attempt of the save
        HwmStore failingSave = onSave(realStore(), hwm -> horizon.failNext(4, 503), null);
        assertThatThrownBy(() -> controller(() -> Optional.of(failingSave))
                .run(plan(pg, source, pg, "steps_dst", incremental("NUMBER"), "[]", 1)))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("the target write committed 11 row(s) of the window NUMBER (16, 27]")
                .hasMessageContaining("saving HWM '" + transferId + "_postgres_public." + source + "' = 27 failed")
                .hasMessageContaining("HTTP 503 service_unavailable").hasMessageContaining("The next run reads this window again");
        assertThat(TableContent.rows(pg, "steps_dst", "id")).isEqualTo(expected(1, 27));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(16);
        run(plan(pg, source, pg, "steps_dst", incremental("NUMBER"), "[]", 1));
        List<Map<String, Object>> withDuplicates = new ArrayList<>(expected(1, 27));
        withDuplicates.addAll(expected(17, 27));
        withDuplicates.sort(Comparator.comparing(r -> (Long) r.get("id")));
        assertThat(TableContent.rows(pg, "steps_dst", "id")).isEqualTo(withDuplicates); // exactly the window twice
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(27);

        // (c) a failure right after the save: the next run reads nothing new
        pg.execute("INSERT INTO public." + source + " SELECT \"ID\" + 1, \"PHONE_NUMBER\", \"REGION\", 28, \"BIRTH_DATE\","
                + " \"REGISTERED_AT\", \"ACCOUNT_BALANCE\" FROM public." + source + " WHERE \"NUMBER\" = 27");
        HwmStore failingAfterSave = onSave(realStore(), null, hwm -> {
            throw new IllegalStateException("killed after the save");
        });
        assertThatThrownBy(() -> controller(() -> Optional.of(failingAfterSave))
                .run(plan(pg, source, pg, "steps_dst", incremental("NUMBER"), "[]", 1)))
                .hasMessageContaining("killed after the save");
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(28);
        long rowsBefore = TableContent.rows(pg, "steps_dst", "id").size();
        assertThat(run(plan(pg, source, pg, "steps_dst", incremental("NUMBER"), "[]", 1))).isZero();
        assertThat(TableContent.rows(pg, "steps_dst", "id")).hasSize((int) rowsBefore).hasSize(27 + 11 + 1);
    }

    @Test
    void aTokenRevokedOrExpiringMidRunIsRenewed() {
        horizon.tokenTtl(Duration.ofSeconds(30)); // under a minute: every call logs in again first
        String source = firstSixteen(pg, "token_src");
        run(plan(pg, source, pg, "token_dst", incremental("NUMBER"), "[]", 1));
        addTheRest(pg, source);
        horizon.tokenTtl(Duration.ofHours(1));
        HwmStore revoking = onSave(realStore(), hwm -> horizon.revokeTokens(), null);
        controller(() -> Optional.of(revoking)).run(plan(pg, source, pg, "token_dst", incremental("NUMBER"), "[]", 1));
        assertThat(TableContent.rows(pg, "token_dst", "id")).isEqualTo(expected(1, 27));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(27);
        assertThat(horizon.journal().stream().filter(r -> r.path().equals("/v1/auth/token")).count()).isGreaterThan(4);
    }

    // ---- the sql transformation over a window ----

    @Test
    void theSqlTransformationSeesOnlyTheWindow() {
        String source = firstSixteen(pg, "sql_src");
        String sql = """
                [{"type": "sql", "query": "SELECT NUMBER, upper(REGION) AS REGION FROM source WHERE NUMBER % 2 = 0",
                  "dialect": "spark"}]""";
        run(plan(pg, source, pg, "sql_dst", incremental("NUMBER"), sql, 2));
        addTheRest(pg, source);
        run(plan(pg, source, pg, "sql_dst", incremental("NUMBER"), sql, 2));
        assertThat(TableContent.columns(pg, "sql_dst")).containsExactly("number", "region");
        List<Map<String, Object>> rows = TableContent.rows(pg, "sql_dst", "number");
        assertThat(rows).extracting(r -> r.get("number")).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L,
                22L, 24L, 26L);
        assertThat(rows.get(0).get("region")).isEqualTo(People.all().get(1).region().toUpperCase(Locale.ROOT));
        assertThat(hwm(pg, source).path("value").asInt()).isEqualTo(27);
    }

    @Test
    void aRefusedOrBrokenSqlQueryFailsBeforeReadingAndLeavesTheTargetAlone() {
        String source = firstSixteen(pg, "badsql_src");
        run(plan(pg, source, pg, "badsql_dst", full(), "[]", 1));
        assertThatThrownBy(() -> plan(pg, source, pg, "badsql_dst", full(),
                "[{\"type\": \"sql\", \"query\": \"DELETE FROM source\", \"dialect\": \"spark\"}]", 1))
                .isInstanceOf(RunFailure.class).hasMessageContaining("only a single SELECT or WITH query is allowed");
        assertThatThrownBy(() -> plan(pg, source, pg, "badsql_dst", full(),
                "[{\"type\": \"sql\", \"query\": \"SELECT (NUMBER FROM source\", \"dialect\": \"spark\"}]", 1))
                .isInstanceOf(RunFailure.class).hasMessageContaining("the query is not valid Spark SQL");
        assertThatThrownBy(() -> run(plan(pg, source, pg, "badsql_dst", full(),
                "[{\"type\": \"sql\", \"query\": \"SELECT NO_SUCH_COLUMN FROM source\", \"dialect\": \"spark\"}]", 1)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("NO_SUCH_COLUMN");
        assertThat(TableContent.rows(pg, "badsql_dst", "id")).isEqualTo(expected(1, 16));
    }

    // ---- helpers ----

    private long run(TransferPlan plan) {
        return controller(() -> Optional.of(realStore())).run(plan).rowsWritten().orElseThrow();
    }

    private static TransferController controller(Supplier<Optional<HwmStore>> stores) {
        HwmStrategyFactory strategies = new HwmStrategyFactory(stores);
        return new TransferController(ConnectorRegistry.discover(), SPARK, Map.of(), Map.of(), new SecretRedactor(),
                strategies, List.of(new PostgresCopyPipe()));
    }

    private HwmStore realStore() {
        return HwmStores.horizon(horizon.url(), "syncmaster", PASSWORD, NAMESPACE);
    }

    /** The real store, with a hook before and after the save of a new value (not the unchanged check-write). */
    private static HwmStore onSave(HwmStore store, Consumer<Hwm> before, Consumer<Hwm> after) {
        return new HwmStore() {
            private int saves;

            @Override
            public Optional<Hwm> get(String name) {
                return store.get(name);
            }

            @Override
            public void save(Hwm hwm) {
                boolean last = ++saves == 2; // the first save is the unchanged write before reading
                if (last && before != null) {
                    before.accept(hwm);
                }
                store.save(hwm);
                if (last && after != null) {
                    after.accept(hwm);
                }
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private JsonNode hwm(ScratchDatabase db, String sourceTable) {
        long namespace = horizon.namespaceId(NAMESPACE).orElseThrow();
        return horizon.hwm(namespace, transferId + "_" + db.connectionType() + "_" + db.schema() + "." + sourceTable)
                .orElseThrow(() -> new AssertionError("no HWM for " + sourceTable));
    }

    private TransferPlan plan(ScratchDatabase source, String sourceTable, ScratchDatabase target, String targetTable,
            JsonNode strategy, String transformations, int parallel) {
        ObjectNode sourceParams = Plans.JSON.createObjectNode().put("type", source.connectionType())
                .put("table_name", source.schema() + "." + sourceTable);
        ObjectNode targetParams = Plans.JSON.createObjectNode().put("type", target.connectionType())
                .put("table_name", target.schema() + "." + targetTable);
        ObjectNode resources = Plans.JSON.createObjectNode().put("max_parallel_tasks", parallel)
                .put("cpu_cores_per_task", 1).put("ram_bytes_per_task", 1L << 30);
        long runId = transferId * 100 + horizon.journal().size();
        return TransferPlan.create(runId, transferId, "tests", "incremental_" + transferId,
                new ConnectionSpec(1, source.connectionType(), "source", source.merged()),
                new ConnectionSpec(2, target.connectionType(), "target", target.merged()),
                strategy, sourceParams, targetParams, Plans.json(transformations), resources);
    }

    private static JsonNode incremental(String column) {
        return Plans.JSON.createObjectNode().put("type", "incremental").put("increment_by", column);
    }

    private static JsonNode full() {
        return Plans.JSON.createObjectNode().put("type", "full");
    }

    /** A copy of the 27-row data set holding NUMBER 1..16 (§6.1). */
    private static String firstSixteen(ScratchDatabase db, String table) {
        db.execute("CREATE TABLE " + db.schema() + "." + table + " AS SELECT * FROM " + db.schema() + ".people_all WHERE "
                + quote(db, "NUMBER") + " <= 16");
        return table;
    }

    private static void addTheRest(ScratchDatabase db, String table) {
        db.execute("INSERT INTO " + db.schema() + "." + table + " SELECT * FROM " + db.schema() + ".people_all WHERE "
                + quote(db, "NUMBER") + " > 16");
    }

    private static String quote(ScratchDatabase db, String column) {
        return db.kind() == ScratchDatabase.Kind.POSTGRES ? "\"" + column + "\"" : "`" + column + "`";
    }

    private static List<Map<String, Object>> expected(int fromNumber, int toNumber) {
        return expectedWhere(p -> p.number() >= fromNumber && p.number() <= toNumber);
    }

    private static List<Map<String, Object>> expectedWhere(Predicate<People.Person> which) {
        return TableContent.expectedFull(People.all().stream().filter(which).toList(), People.COLUMNS);
    }
}
