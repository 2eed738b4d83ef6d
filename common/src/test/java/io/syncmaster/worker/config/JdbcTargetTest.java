package io.syncmaster.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

class JdbcTargetTest {

    @Test
    void convertsTheDocumentedAsyncpgUrl() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl("postgresql+asyncpg://syncmaster:changeme@db:5432/syncmaster");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/syncmaster");
        assertThat(t.host()).isEqualTo("db");
        assertThat(t.port()).isEqualTo(5432);
        assertThat(t.database()).isEqualTo("syncmaster");
        assertThat(t.user()).isEqualTo("syncmaster");
        assertThat(t.password()).isEqualTo("changeme");
        assertThat(t.connectionProperties()).containsEntry("user", "syncmaster").containsEntry("password", "changeme");
    }

    @Test
    void acceptsEveryPostgresDriverScheme() {
        for (String scheme : List.of("postgresql", "postgresql+asyncpg", "postgresql+psycopg2", "postgresql+psycopg",
                "POSTGRESQL+ASYNCPG")) {
            assertThat(JdbcTarget.fromSqlAlchemyUrl(scheme + "://u:p@h:1234/d").jdbcUrl())
                    .as(scheme).isEqualTo("jdbc:postgresql://h:1234/d");
        }
    }

    @Test
    void percentDecodesUserinfoOnly() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl(
                "postgresql+psycopg2://%D0%BF%D0%BE%D0%BB%D1%8C:p%40ss%3Aw%2Frd+x%25@h/db%41");
        assertThat(t.user()).isEqualTo("\u043f\u043e\u043b\u044c");
        assertThat(t.password()).isEqualTo("p@ss:w/rd+x%"); // unquote keeps '+'
        assertThat(t.port()).isEqualTo(5432);
        assertThat(t.database()).isEqualTo("db%41"); // SQLAlchemy keeps the database name as written
        assertThat(pgjdbc(t).getProperty("PGDBNAME")).isEqualTo("db%41");
    }

    @Test
    void invalidPercentEscapesStayAsWritten() {
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql://u:100%zz@h/d").password()).isEqualTo("100%zz");
    }

    @Test
    void missingPasswordAndEmptyPasswordMeanNone() {
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql://u@h:6543/db").password()).isNull();
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql://u:@h/db").password()).isNull();
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql://u@h/db").connectionProperties())
                .doesNotContainKey("password");
    }

    @Test
    void ipv6HostsKeepTheirBrackets() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl("postgresql+asyncpg://u:p@[::1]:5433/db");
        assertThat(t.host()).isEqualTo("[::1]");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
    }

    @Test
    void missingDatabaseDefaultsToTheUserLikeLibpq() {
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql://alice:p@h").database()).isEqualTo("alice");
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql://alice:p@h:5432/").database()).isEqualTo("alice");
    }

    @Test
    void translatesLibpqQueryParametersPgjdbcUnderstands() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl("postgresql+psycopg2://u:p@h/db?sslmode=verify-full"
                + "&sslrootcert=/etc/ssl/ca.pem&application_name=syncmaster+worker&connect_timeout=10"
                + "&target_session_attrs=read-write&keepalives=1&options=-c%20search_path%3Dsm");
        assertThat(t.parameters()).containsExactly(
                Map.entry("sslmode", "verify-full"),
                Map.entry("sslrootcert", "/etc/ssl/ca.pem"),
                Map.entry("ApplicationName", "syncmaster worker"),
                Map.entry("connectTimeout", "10"),
                Map.entry("targetServerType", "primary"),
                Map.entry("tcpKeepAlive", "true"),
                Map.entry("options", "-c search_path=sm"));
        Properties parsed = pgjdbc(t);
        assertThat(parsed.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(parsed.getProperty("ApplicationName")).isEqualTo("syncmaster worker");
        assertThat(parsed.getProperty("options")).isEqualTo("-c search_path=sm");
        assertThat(parsed.getProperty("targetServerType")).isEqualTo("primary");
    }

    @Test
    void asyncpgSslFlagBecomesSslmode() {
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql+asyncpg://u:p@h/db?ssl=true").parameters())
                .containsEntry("sslmode", "require");
        assertThat(JdbcTarget.fromSqlAlchemyUrl("postgresql+asyncpg://u:p@h/db?ssl=verify-ca").parameters())
                .containsEntry("sslmode", "verify-ca");
    }

    @Test
    void unknownParametersAreDroppedAndSecretsKeptOutOfTheUrl() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl(
                "postgresql+asyncpg://u:p@h/db?prepared_statement_cache_size=0&sslpassword=k3y-s3cret&sslmode=require");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require").doesNotContain("k3y-s3cret");
        assertThat(t.connectionProperties()).containsEntry("sslpassword", "k3y-s3cret");
        assertThat(t.toString()).doesNotContain("k3y-s3cret").doesNotContain(":p@").contains("sslpassword");
    }

    @Test
    void queryUserPasswordHostPortAndDbnameOverrideTheUrl() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl(
                "postgresql://u:p@h/db?user=v&password=q%26r&host=other&port=6000&dbname=d2");
        assertThat(t.user()).isEqualTo("v");
        assertThat(t.password()).isEqualTo("q&r");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://other:6000/d2");
    }

    @Test
    void databaseNamesArePassedToPgjdbcIntact() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl("postgresql://u:p@h/my db+x");
        assertThat(t.database()).isEqualTo("my db+x");
        assertThat(pgjdbc(t).getProperty("PGDBNAME")).isEqualTo("my db+x");
    }

    @Test
    void errorsNameTheKeyAndNeverTheUrl() {
        String secret = "S3cr%3At";
        List<String> bad = List.of(
                "",
                "not a url " + secret,
                "mysql+pymysql://u:" + secret + "@h/db",
                "postgresql://u:" + secret + "@h:port/db",
                "postgresql://u:" + secret + "@h:70000/db",
                "postgresql://:" + secret + "@h/db",
                "postgresql://u:" + secret + "@/db",
                "postgresql://u:" + secret + "@h/db?host=/var/run/postgresql",
                "postgresql://u:" + secret + "@h/db?host=a&host=b",
                "postgresql://u:" + secret + "@h/db?sslmode=sometimes");
        for (String url : bad) {
            assertThatThrownBy(() -> JdbcTarget.fromSqlAlchemyUrl(url))
                    .as(url)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("database.url: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cr").doesNotContain(url.isEmpty() ? "\u0000" : url));
        }
        assertThatThrownBy(() -> JdbcTarget.fromSqlAlchemyUrl("mysql://u:p@h/db")).hasMessageContaining("'mysql'");
    }

    @Test
    void toStringRedactsThePassword() {
        JdbcTarget t = JdbcTarget.fromSqlAlchemyUrl("postgresql+asyncpg://u:hunter2@h:5432/db");
        assertThat(t.toString()).doesNotContain("hunter2").contains("<redacted>").contains("jdbc:postgresql://h:5432/db");
        assertThat(new DatabaseSettings("postgresql+asyncpg://u:hunter2@h:5432/db").toString()).doesNotContain("hunter2");
        assertThat(new DatabaseSettings("nonsense hunter2").toString()).doesNotContain("hunter2");
    }

    private static Properties pgjdbc(JdbcTarget t) {
        Properties parsed = Driver.parseURL(t.jdbcUrl(), new Properties());
        assertThat(parsed).as("PgJDBC parses %s", t.jdbcUrl()).isNotNull();
        return parsed;
    }
}
