package io.syncmaster.worker.runner.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import java.sql.Timestamp;

/**
 * Values that must survive PostgreSQL ↔ MySQL/MariaDB unchanged (issue 8): unconstrained numeric beyond 18 decimal
 * places, timestamps with and without time zone to the microsecond, booleans, NULL vs empty string, unicode beyond
 * the BMP, mixed-case and quoted column names, a reserved-word table name.
 */
class DataFidelityTest {
    private static final SharedSpark SPARK = new SharedSpark();
    private static ScratchDatabase postgres;
    private static ScratchDatabase mysql;
    /** 25 decimal places: Spark's default decimal(38, 18) would round it. */
    private static final String LONG_DECIMAL = "12345.1234567890123456789012345";
    private static final String UNICODE = "Grüße 🙂 日本 ё";

    @BeforeAll
    static void createDatabases() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "fidelity");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "fidelity");
        postgres.execute("CREATE TABLE public.\"order\" (id integer, \"Mixed Case\" text, \"with \"\"quote\"\"\" text, flag boolean,"
                        + " empty text, missing text, uni text, ts timestamp(6), tstz timestamptz, n numeric, d numeric(10, 2))",
                "INSERT INTO public.\"order\" VALUES (1, 'A', 'q', true, '', NULL, '" + UNICODE + "', '2024-03-01 12:34:56.123456',"
                        + " '2024-03-01 12:34:56.654321+03', " + LONG_DECIMAL + ", 12.50),"
                        + " (2, NULL, NULL, false, NULL, '', NULL, NULL, NULL, NULL, NULL)");
        mysql.execute("CREATE TABLE " + mysql.name() + ".`select` (id int, `Mixed Case` text, flag boolean, empty text, missing text,"
                        + " uni text CHARACTER SET utf8mb4, ts datetime(6), d decimal(30, 20)) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO " + mysql.name() + ".`select` VALUES (1, 'A', true, '', NULL, '" + UNICODE + "', '2024-03-01 12:34:56.123456',"
                        + " 1.12345678901234567890), (2, NULL, false, NULL, '', NULL, NULL, NULL)");
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

    private static void run(TransferPlan plan) {
        TransferController.standard(SPARK, Map.of(), Map.of(), new SecretRedactor()).run(plan);
    }

    @Test
    void postgresToMysqlKeepsEveryValue() {
        run(Plans.full(postgres, "order", mysql, "order", "[]", 1));

        List<Map<String, Object>> rows = rows(mysql, mysql.name() + ".`order`");
        assertThat(rows.get(0).keySet()).containsExactly("id", "mixed case", "with \"quote\"", "flag", "empty", "missing", "uni",
                "ts", "tstz", "n", "d");
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("empty", "").containsEntry("missing", null).containsEntry("uni", UNICODE)
                .containsEntry("with \"quote\"", "q").containsEntry("mixed case", "A");
        assertThat(first.get("flag")).isIn(true, 1, 1L);
        assertThat(first.get("ts")).isEqualTo(LocalDateTime.parse("2024-03-01T12:34:56.123456"));
        assertThat(first.get("tstz")).isEqualTo(OffsetDateTime.parse("2024-03-01T12:34:56.654321+03:00")
                .atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime());
        assertThat((BigDecimal) first.get("n")).isEqualByComparingTo(LONG_DECIMAL);
        assertThat((BigDecimal) first.get("d")).isEqualByComparingTo("12.50");
        assertThat(rows.get(1)).containsEntry("empty", null).containsEntry("missing", "").containsEntry("ts", null);
        assertThat(rows.get(1).get("flag")).isIn(false, 0, 0L);
    }

    @Test
    void mysqlToPostgresKeepsEveryValue() {
        run(Plans.full(mysql, "select", postgres, "select", "[]", 1));

        List<Map<String, Object>> rows = rows(postgres, "public.\"select\"");
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("mixed case", "A").containsEntry("flag", true).containsEntry("empty", "")
                .containsEntry("missing", null).containsEntry("uni", UNICODE)
                .containsEntry("ts", LocalDateTime.parse("2024-03-01T12:34:56.123456"));
        assertThat((BigDecimal) first.get("d")).isEqualByComparingTo("1.12345678901234567890");
        assertThat(rows.get(1)).containsEntry("flag", false).containsEntry("empty", null).containsEntry("missing", "");
    }

    @Test
    void postgresToPostgresKeepsAnUnconstrainedNumericThroughSpark() {
        // bool[] has no COPY pipe encoding: the rows go through a Spark DataFrame
        postgres.execute("CREATE TABLE public.numbers (id integer, n numeric, tags bool[])",
                "INSERT INTO public.numbers VALUES (1, " + LONG_DECIMAL + ", ARRAY[true]), (2, -0.000000000000000000001, NULL)");
        run(Plans.full(postgres, "numbers", postgres, "numbers_copy", "[]", 1));

        List<Map<String, Object>> rows = rows(postgres, "public.numbers_copy");
        assertThat((BigDecimal) rows.get(0).get("n")).isEqualByComparingTo(LONG_DECIMAL);
        assertThat((BigDecimal) rows.get(1).get("n")).isEqualByComparingTo("-0.000000000000000000001");
    }

    private static List<Map<String, Object>> rows(ScratchDatabase db, String sqlTable) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + sqlTable + " ORDER BY id")) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(rs.getMetaData().getColumnLabel(i), value instanceof Timestamp t ? t.toLocalDateTime() : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
