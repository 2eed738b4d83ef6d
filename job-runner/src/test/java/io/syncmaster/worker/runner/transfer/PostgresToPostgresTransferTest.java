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

/** PostgreSQL → PostgreSQL, strategy full: the COPY pipe, filters, column normalisation and the all-or-nothing swap. */
class PostgresToPostgresTransferTest {
    private static ScratchDatabase source;
    private static ScratchDatabase target;
    private static final SharedSpark SPARK = new SharedSpark();

    @BeforeAll
    static void createDatabases() {
        source = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "pg2pg_src");
        target = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "pg2pg_dst");
        People.createSource(source, "source_table", false);
        People.createSource(source, "mixed_source", true);
    }

    @AfterAll
    static void dropDatabases() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private static long run(TransferPlan plan) {
        return TransferController.standard(SPARK, Map.of(), Map.of(), new SecretRedactor()).run(plan).rowsWritten().orElseThrow();
    }

    @Test
    void copiesTheWholeTableAndLowerCasesColumnNames() {
        long rows = run(Plans.full(source, "source_table", target, "full_target", "[]", 1));

        assertThat(rows).isEqualTo(27);
        assertThat(TableContent.columns(target, "full_target"))
                .containsExactly("id", "phone_number", "region", "number", "birth_date", "registered_at", "account_balance");
        assertThat(TableContent.rows(target, "full_target", "id"))
                .isEqualTo(TableContent.expectedFull(People.all(), People.COLUMNS));
        assertThat(TableContent.stagingTables(target)).isEmpty();
    }

    @Test
    void createsTheColumnTypesUpstreamCreated() throws Exception {
        run(Plans.full(source, "source_table", target, "types_target", "[]", 1));

        try (var connection = target.connect(); var rs = connection.createStatement().executeQuery(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'types_target' ORDER BY ordinal_position")) {
            java.util.List<String> types = new java.util.ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1) + " " + rs.getString(2));
            }
            assertThat(types).containsExactly("id integer", "phone_number text", "region text", "number integer", "birth_date date",
                    "registered_at timestamp without time zone", "account_balance double precision");
        }
    }

    @Test
    void appliesTheRowsFilterWithParallelHashPartitions() {
        long rows = run(Plans.full(source, "source_table", target, "rows_target", Plans.ROWS_FILTER, 2));

        List<People.Person> expected = People.all().stream().filter(People::passesRowsFilter).toList();
        assertThat(expected).hasSizeBetween(5, 20);
        assertThat(rows).isEqualTo(expected.size());
        assertThat(TableContent.rows(target, "rows_target", "id")).isEqualTo(TableContent.expectedFull(expected, People.COLUMNS));
    }

    @Test
    void appliesTheColumnsFilter() {
        run(Plans.full(source, "source_table", target, "columns_target", Plans.columnsFilter("VARCHAR(30)"), 1));

        assertThat(TableContent.columns(target, "columns_target"))
                .containsExactly("id", "region", "phone_number", "region2", "number", "registered_at");
        assertThat(TableContent.rows(target, "columns_target", "id"))
                .isEqualTo(TableContent.expectedColumnsFiltered(People.all()));
    }

    @Test
    void appliesRowsAndColumnsFiltersTogetherInParallel() {
        String both = Plans.ROWS_FILTER.strip().replaceAll("]$", "") + ", "
                + Plans.columnsFilter("VARCHAR(30)").strip().substring(1);
        run(Plans.full(source, "source_table", target, "both_target", both, 3));

        List<People.Person> expected = People.all().stream().filter(People::passesRowsFilter).toList();
        assertThat(TableContent.rows(target, "both_target", "id")).isEqualTo(TableContent.expectedColumnsFiltered(expected));
    }

    @Test
    void mixedNamingBecomesLowerCase() {
        run(Plans.full(source, "mixed_source", target, "mixed_target", "[]", 1));

        assertThat(TableContent.columns(target, "mixed_target"))
                .containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.rows(target, "mixed_target", "id"))
                .isEqualTo(TableContent.expectedFull(People.mixedNaming(), People.MIXED_COLUMNS));
    }

    @Test
    void replacesAnExistingTableEntirely() {
        target.execute("CREATE TABLE public.replaced_target (other text)", "INSERT INTO public.replaced_target VALUES ('old')");

        run(Plans.full(source, "source_table", target, "replaced_target", "[]", 1));

        assertThat(TableContent.columns(target, "replaced_target")).contains("id", "region").doesNotContain("other");
        assertThat(TableContent.rows(target, "replaced_target", "id")).hasSize(27);
    }

    @Test
    void filterValuesAreEscapedNotPasted() {
        String quote = """
                [{"type": "dataframe_rows_filter", "filters": [{"type": "equal", "field": "REGION", "value": "O'Connell"}]}]""";
        run(Plans.full(source, "source_table", target, "quote_target", quote, 1));
        assertThat(TableContent.rows(target, "quote_target", "id")).extracting(r -> r.get("region")).containsExactly("O'Connell");

        String injection = """
                [{"type": "dataframe_rows_filter", "filters": [
                  {"type": "equal", "field": "REGION", "value": "x' OR '1'='1"},
                  {"type": "not_equal", "field": "REGION", "value": "\\\\' OR 1=1 --"}]}]""";
        run(Plans.full(source, "source_table", target, "injection_target", injection, 1));
        assertThat(TableContent.rows(target, "injection_target", "id")).isEmpty();
    }

    @Test
    void aFailureWhileCopyingLeavesTheTargetAsItWas() {
        target.execute("CREATE TABLE public.kept_target (id integer)", "INSERT INTO public.kept_target VALUES (1), (2)");
        // The cast only fails when rows are read, i.e. after the staging table was created and COPY started.
        String badCast = """
                [{"type": "dataframe_columns_filter", "filters": [{"type": "cast", "field": "REGION", "as_type": "INTEGER"}]}]""";

        assertThatThrownBy(() -> run(Plans.full(source, "source_table", target, "kept_target", badCast, 2)))
                .satisfies(e -> assertThat(io.syncmaster.worker.runner.failure.FailureSummary
                        .of(e, FailureSide.TARGET, new SecretRedactor()))
                        .satisfies(s -> {
                            assertThat(s.side()).isEqualTo(FailureSide.SOURCE);
                            assertThat(s.message()).contains("invalid input syntax for type integer");
                        }));

        assertThat(TableContent.rows(target, "kept_target", "id")).extracting(r -> r.get("id")).containsExactly(1L, 2L);
        assertThat(TableContent.stagingTables(target)).isEmpty();
    }

    @Test
    void aMissingSourceTableFailsOnTheSourceSideBeforeTouchingTheTarget() {
        target.execute("CREATE TABLE public.untouched_target (id integer)", "INSERT INTO public.untouched_target VALUES (7)");

        assertThatThrownBy(() -> run(Plans.full(source, "no_such_table", target, "untouched_target", "[]", 1)))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e.getMessage()).contains("public.no_such_table").contains("does not exist");
                });
        assertThat(TableContent.rows(target, "untouched_target", "id")).extracting(r -> r.get("id")).containsExactly(7L);
    }

    @Test
    void aTargetThatRefusesTheConnectionFailsOnTheTargetSide() {
        var refusing = target.merged().put("port", 1);
        assertThatThrownBy(() -> run(Plans.full(source, source.merged(), "source_table", target, refusing, "refused_target", "[]", 1)))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.TARGET);
                    assertThat(e.getMessage()).contains("cannot connect to the target database");
                });
        assertThat(TableContent.exists(target, "refused_target")).isFalse();
    }

    @Test
    void sparkConfigurationFollowsTheTransferResources() {
        run(Plans.full(source, "source_table", target, "conf_target", "[]", 2));

        Map<String, String> conf = SPARK.requested().get(SPARK.requested().size() - 1);
        assertThat(conf).containsEntry("spark.master", "local[2]").containsEntry("spark.driver.memory", "1024M")
                .containsEntry("spark.default.parallelism", "2");
        assertThat(conf.get("spark.app.name")).startsWith("SyncMaster__tests_transfer_");
    }

    @Test
    void thePipeCastsWhereBinaryFormsDifferAndKeepsWhatSparkWouldWrite() {
        source.execute("CREATE TABLE public.pipe_types (id bigint, u uuid, j jsonb, tz timestamptz, c char(5), n numeric(10, 2),"
                        + " f real, s smallint, v varchar(10))",
                "INSERT INTO public.pipe_types VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"b\": [1, 2], \"a\": null}',"
                        + " '2024-03-01 12:34:56.123456+03', 'ab', 12.5, 1.5, -7, 'vv'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");

        assertThat(run(Plans.full(source, "pipe_types", target, "pipe_types_target", "[]", 1))).isEqualTo(2);

        List<Map<String, Object>> rows = TableContent.rows(target, "pipe_types_target", "id");
        java.time.LocalDateTime wallClock = java.time.OffsetDateTime.parse("2024-03-01T12:34:56.123456+03:00")
                .atZoneSameInstant(java.time.ZoneId.systemDefault()).toLocalDateTime();
        assertThat(rows.get(0)).containsEntry("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").containsEntry("j", "{\"a\": null, \"b\": [1, 2]}")
                .containsEntry("tz", wallClock).containsEntry("c", "ab   ").containsEntry("n", 12.5).containsEntry("f", 1.5)
                .containsEntry("s", -7L).containsEntry("v", "vv");
        assertThat(rows.get(1).values().stream().skip(1)).containsOnlyNulls();
    }

    @Test
    void typesThePipeCannotCarryGoThroughSparkRowsEncodedForCopy() {
        // "name" is not on the pipe's list: the rows are read by Spark JDBC and encoded to COPY text.
        source.execute("CREATE TABLE public.odd_types (id integer, label name, amount numeric(10, 2), flag boolean, raw bytea,"
                        + " note text)",
                "INSERT INTO public.odd_types VALUES (1, 'a\tb', 12.50, true, '\\x00ff'::bytea, E'line1\\nline2 \\\\ back'),"
                        + " (2, NULL, NULL, NULL, NULL, NULL), (3, 'ü', -0.01, false, ''::bytea, E'tab\\there\\r\\nnewline ü')");

        assertThat(run(Plans.full(source, "odd_types", target, "odd_target", "[]", 1))).isEqualTo(3);

        List<Map<String, Object>> rows = TableContent.rows(target, "odd_target", "id");
        assertThat(rows.get(0)).containsEntry("label", "a\tb").containsEntry("amount", 12.5).containsEntry("flag", true)
                .containsEntry("note", "line1\nline2 \\ back");
        assertThat((byte[]) rows.get(0).get("raw")).containsExactly(0x00, 0xff);
        assertThat(rows.get(1)).containsEntry("label", null).containsEntry("amount", null).containsEntry("raw", null);
        assertThat(rows.get(2)).containsEntry("label", "ü").containsEntry("amount", -0.01).containsEntry("note", "tab\there\r\nnewline ü");
        assertThat((byte[]) rows.get(2).get("raw")).isEmpty();
    }

    @Test
    void columnTypesWithoutACopyEncodingFallBackToSparkJdbc() {
        source.execute("CREATE TABLE public.array_types (id integer, tags text[])",
                "INSERT INTO public.array_types VALUES (1, ARRAY['x', 'y']), (2, NULL)");

        assertThat(run(Plans.full(source, "array_types", target, "array_target", "[]", 1))).isEqualTo(2);

        assertThat(TableContent.rows(target, "array_target", "id")).hasSize(2);
        assertThat(TableContent.stagingTables(target)).isEmpty();
    }

    @Test
    void timestampsKeepMicroseconds() {
        run(Plans.full(source, "source_table", target, "micro_target", "[]", 1));
        assertThat(TableContent.sameRows(TableContent.rows(target, "micro_target", "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO)).isTrue();
    }
}
