package io.syncmaster.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.RunStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The fixtures must write rows exactly as SyncMaster's server does, and TestPostgres must clean up. */
class SyncMasterFixturesTest {

    private static final String PASSWORD = "fixture-p\u00e4ss";

    @Test
    void rowsLookLikeTheServersAndTheDatabaseIsDroppedOnClose() throws Exception {
        String name;
        try (TestPostgres pg = TestPostgres.create("Fixtures Test!")) {
            name = pg.databaseName();
            assertThat(name).matches("fixtures_test__[0-9a-f]{12}");
            assertThat(pg.sqlAlchemyUrl()).isEqualTo("postgresql+asyncpg://postgres@127.0.0.1:5432/" + name);
            assertThat(pg.jdbc().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/" + name);
            assertThat(databases()).contains(name);
            DataSource ds = pg.dataSource();
            assertThat(query(ds, "SELECT version_num FROM alembic_version")).containsExactly("0012");

            CredentialCipher cipher = new CredentialCipher(TestKeys.FERNET_KEY);
            SyncMasterFixtures f = new SyncMasterFixtures(ds, cipher);
            long user = f.user("alice");
            assertThat(query(ds, "SELECT is_superuser || ',' || is_active FROM \"user\" WHERE id = " + user))
                    .containsExactly("false,true");
            long group = f.group("Group One", user);
            assertThat(query(ds, "SELECT '[' || description || ']' FROM \"group\" WHERE id = " + group))
                    .containsExactly("[]");

            QueueRef queue = f.queue(group, "  My Queue: Nightly & Hourly! ");
            assertThat(queue.slug()).isEqualTo(group + "-my_queue_nightly_hourly");
            assertThat(SyncMasterFixtures.slug(123, "test_queue")).isEqualTo("123-test_queue");
            assertThat(SyncMasterFixtures.slug(7, "\u00dcber Queue")).isEqualTo("7-ber_queue");
            assertThat(query(ds, "SELECT slug FROM queue WHERE id = " + queue.id())).containsExactly(queue.slug());

            Map<String, Object> data = new LinkedHashMap<>();
            data.put("host", "h\u00e9st");
            data.put("port", 5432);
            data.put("additional_params", Map.of());
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("user", "u");
            auth.put("type", "basic");
            auth.put("password", PASSWORD);
            long conn = f.connection(group, "postgres", "c1", data, auth);
            assertThat(query(ds, "SELECT data::text FROM connection WHERE id = " + conn))
                    .containsExactly("{\"host\": \"h\\u00e9st\", \"port\": 5432, \"additional_params\": {}}");
            String token = query(ds, "SELECT value FROM auth_data WHERE connection_id = " + conn).get(0);
            assertThat(cipher.decrypt(token))
                    .isEqualTo("{\"password\": \"" + PASSWORD + "\", \"type\": \"basic\", \"user\": \"u\"}");

            long transfer = f.transfer(TransferSpec.builder(group, queue.id(), conn, conn)
                    .name("t1")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(TransferSpec.tableParams("postgres", "public.b"))
                    .build());
            assertThat(query(ds, "SELECT strategy_params::text || '|' || source_params::text || '|' || "
                    + "transformations::text || '|' || resources::text || '|' || is_scheduled || '|[' || schedule "
                    + "|| ']' FROM transfer WHERE id = " + transfer)).containsExactly(
                    "{\"type\": \"full\"}|{\"type\": \"postgres\", \"table_name\": \"public.a\"}|[]|"
                            + "{\"max_parallel_tasks\": 1, \"cpu_cores_per_task\": 1, \"ram_bytes_per_task\": 1073741824}"
                            + "|false|[]");

            long run = f.run(transfer, "SCHEDULED");
            assertThat(query(ds, "SELECT status || ',' || type || ',' || (started_at IS NULL) || ',' || "
                    + "(ended_at IS NULL) || ',' || (log_url IS NULL) FROM run WHERE id = " + run))
                    .containsExactly("CREATED,SCHEDULED,true,true,true");
            String dump = query(ds, "SELECT transfer_dump::text FROM run WHERE id = " + run).get(0);
            assertThat(dump).doesNotContain(PASSWORD).doesNotContain("password");
            var dumpJson = new ObjectMapper().readTree(dump);
            List<String> keys = new ArrayList<>();
            dumpJson.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("id", "name", "group_id", "queue_id", "source_connection_id",
                    "target_connection_id", "is_scheduled", "description", "schedule", "source_params",
                    "target_params", "strategy_params", "source_connection", "target_connection");
            assertThat(dumpJson.at("/source_connection/auth_data").toString())
                    .isEqualTo("{\"type\":\"basic\",\"user\":\"u\"}");

            f.setRunStatus(run, RunStatus.SEND_STOP_SIGNAL);
            assertThat(query(ds, "SELECT status FROM run WHERE id = " + run)).containsExactly("SEND_STOP_SIGNAL");
            pg.close();
            pg.close(); // idempotent
        }
        assertThat(databases()).doesNotContain(name);
    }

    @Test
    void schemaFileIsFound() {
        assertThat(TestPostgres.schemaFile()).exists().hasFileName("syncmaster_schema.sql");
    }

    private static List<String> databases() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", null);
             PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_database");
             ResultSet rs = ps.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static List<String> query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
