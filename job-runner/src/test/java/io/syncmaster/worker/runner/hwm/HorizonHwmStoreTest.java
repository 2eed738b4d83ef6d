package io.syncmaster.worker.runner.hwm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The Horizon client and store against {@link FakeHorizon}: the calls, the resulting state, faults and secrecy. */
class HorizonHwmStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "h0rizon-s3cret!";
    private static final HorizonClient.Options FAST = new HorizonClient.Options(Duration.ofSeconds(2),
            Duration.ofMillis(700), 3, Duration.ofMillis(10), Duration.ofSeconds(60));

    private FakeHorizon horizon;

    @BeforeEach
    void start() {
        horizon = FakeHorizon.start().password("syncmaster", PASSWORD);
    }

    @AfterEach
    void stop() {
        horizon.close();
    }

    @Test
    void createsTheNamespaceThenCreatesAndUpdatesAnHwmWithTheBodiesOfThePythonClient() throws Exception {
        HorizonHwmStore store = store("syncmaster_namespace");
        String name = "42_postgres_public.source_table";
        assertThat(store.get(name)).isEmpty();
        long namespaceId = horizon.namespaceId("syncmaster_namespace").orElseThrow();

        Hwm hwm = Hwm.unset(name, HwmType.COLUMN_INT, "public.source_table", "\"number\"").withValue(HwmValue.Column.of(100));
        store.save(hwm);
        FakeHorizon.Request create = last("POST", "/v1/hwm/");
        assertThat(JSON.readTree(create.body())).isEqualTo(JSON.readTree("""
                {"namespace_id": %d, "name": "42_postgres_public.source_table", "description": "", "type": "column_int",
                 "value": 100, "entity": "public.source_table", "expression": "\\"number\\""}""".formatted(namespaceId)));
        assertThat(create.headers().get("content-type")).isEqualTo("application/json");

        store.save(hwm.withValue(HwmValue.Column.of(250)));
        FakeHorizon.Request patch = last("PATCH", null);
        assertThat(patch.path()).matches("/v1/hwm/\\d+");
        assertThat(JSON.readTree(patch.body())).isEqualTo(JSON.readTree("""
                {"name": "42_postgres_public.source_table", "description": "", "type": "column_int", "value": 250,
                 "entity": "public.source_table", "expression": "\\"number\\""}"""));
        assertThat(horizon.hwm(namespaceId, name).orElseThrow().path("value").asInt()).isEqualTo(250);

        Hwm read = store(("syncmaster_namespace")).get(name).orElseThrow();
        assertThat(read.value()).contains(HwmValue.Column.of(250));
        assertThat(read.type()).isEqualTo(HwmType.COLUMN_INT);
        assertThat(read.entity()).isEqualTo("public.source_table");
        assertThat(read.expression()).isEqualTo("\"number\"");
        assertThat(read.changedAt()).isNotNull();

        FakeHorizon.Request login = horizon.journal().get(0);
        assertThat(login.path()).isEqualTo("/v1/auth/token");
        assertThat(login.body()).startsWith("grant_type=password&username=syncmaster&password=");
        assertThat(login.headers().get("content-type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
        assertThat(horizon.journal().get(1).path()).isEqualTo("/v1/users/me");
        assertThat(horizon.journal().get(2).query()).isEqualTo("page=1&page_size=20&name=syncmaster_namespace");
    }

    @Test
    void aResetIsAPatchWithNullOrAnEmptyListAndFileNamesAreEncoded() throws Exception {
        long namespaceId = horizon.createNamespace("ns", "syncmaster");
        horizon.putHwm(namespaceId, "syncmaster", "45_sftp_/data/in", "file_list",
                JSON.readTree("[\"/data/in/sub/b.csv\", \"/data/in/a.csv\"]"), "/data/in", null);
        HorizonHwmStore store = store("ns");
        Hwm files = store.get("45_sftp_/data/in").orElseThrow();
        assertThat(horizon.journal()).anySatisfy(r -> assertThat(r.query()).isEqualTo("namespace_id=" + namespaceId
                + "&name=45_sftp_%2Fdata%2Fin"));
        assertThat(files.value()).contains(new HwmValue.FileList(Set.of("/data/in/a.csv", "/data/in/sub/b.csv")));
        store.save(files.reset());
        assertThat(horizon.hwm(namespaceId, "45_sftp_/data/in").orElseThrow().get("value")).isEqualTo(JSON.readTree("[]"));

        Hwm column = Hwm.unset("1_mysql_db.t", HwmType.COLUMN_DATETIME, "db.t", "`ts`")
                .withValue(HwmValue.Column.of(LocalDateTime.of(2024, 1, 31, 10, 20, 30)));
        store.save(column);
        assertThat(horizon.hwm(namespaceId, "1_mysql_db.t").orElseThrow().get("value").asText()).isEqualTo("2024-01-31T10:20:30");
        store.save(column.reset());
        assertThat(horizon.hwm(namespaceId, "1_mysql_db.t").orElseThrow().get("value").isNull()).isTrue();
        assertThat(store.get("1_mysql_db.t").orElseThrow().hasValue()).isFalse();
    }

    @Test
    void aNamespaceCreatedConcurrentlyIsReadAgain() {
        horizon.conflictOnNextNamespaceCreate();
        HorizonHwmStore store = store("raced");
        assertThat(store.namespaceId()).isEqualTo(horizon.namespaceId("raced").orElseThrow());
    }

    @Test
    void retriesBoundedOn502503504AndFailsClearlyAfterwards() {
        HorizonHwmStore store = store("ns");
        store.namespaceId();
        horizon.failNext(3, 503);
        assertThat(store.get("missing")).isEmpty();
        horizon.failNext(1, 502);
        horizon.failNext(1, 504);
        assertThat(store.get("missing")).isEmpty();

        horizon.failNext(4, 503);
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(HorizonException.class)
                .hasMessageContaining("GET /v1/hwm/?namespace_id=").hasMessageContaining("failed: HTTP 503 service_unavailable");
        horizon.failNext(1, 500);
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(HorizonException.class)
                .hasMessageContaining("HTTP 500 unknown: Got unhandled exception");
        assertThat(horizon.journal().stream().filter(r -> r.path().equals("/v1/hwm/")).count()).isEqualTo(4 + 3 + 4 + 1);
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        HorizonHwmStore store = store("ns");
        store.namespaceId();
        horizon.delayNext(1, Duration.ofMillis(1500));
        assertThat(store.get("missing")).isEmpty();
        horizon.delayNext(4, Duration.ofMillis(1500));
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(HwmStoreException.class)
                .hasMessageContaining("did not answer GET /v1/hwm/").hasMessageContaining("after 4 attempt(s)")
                .hasMessageContaining("HttpTimeoutException");
    }

    @Test
    void aServerThatIsDownFailsWithTheUrlAndNoSecret() {
        String url = horizon.url();
        horizon.close();
        HorizonHwmStore store = new HorizonHwmStore(new HorizonClient(url + "/", credentials(), FAST, Clock.systemUTC()), "ns");
        assertThatThrownBy(() -> store.get("x")).isInstanceOf(HwmStoreException.class)
                .hasMessageStartingWith("Horizon " + url + " did not answer login as 'syncmaster'")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aRevokedTokenMidRunLogsInAgainOnceInsteadOfFailing() {
        HorizonHwmStore store = store("ns");
        store.namespaceId();
        horizon.revokeTokens();
        assertThat(store.get("missing")).isEmpty();
        List<String> paths = horizon.journal().stream().map(FakeHorizon.Request::path).toList();
        assertThat(paths.subList(paths.size() - 4, paths.size()))
                .containsExactly("/v1/hwm/", "/v1/auth/token", "/v1/users/me", "/v1/hwm/");
    }

    @Test
    void aTokenThatExpiresWithinAMinuteIsRenewedBeforeTheCall() {
        horizon.tokenTtl(Duration.ofSeconds(30));
        HorizonHwmStore store = store("ns");
        store.namespaceId();
        store.get("a");
        store.get("b");
        long logins = horizon.journal().stream().filter(r -> r.path().equals("/v1/auth/token")).count();
        long calls = horizon.journal().stream().filter(r -> r.path().startsWith("/v1/hwm/")
                || r.path().startsWith("/v1/namespaces/")).count();
        assertThat(calls).isGreaterThanOrEqualTo(3);
        assertThat(logins).isEqualTo(calls); // every call found less than 60 s left on the token
    }

    @Test
    void wrongCredentialsAndMissingRoleGiveClearMessagesWithoutTheSecret() {
        HorizonHwmStore wrong = new HorizonHwmStore(new HorizonClient(horizon.url(),
                new HorizonClient.Credentials("syncmaster", "not-" + PASSWORD), FAST, Clock.systemUTC()), "ns");
        assertThatThrownBy(() -> wrong.get("x")).isInstanceOf(HorizonException.class)
                .hasMessage("Horizon login as 'syncmaster' (POST /v1/auth/token) failed: HTTP 401 unauthorized: Wrong credentials"
                        + " (check hwm_store.user and hwm_store.password)");

        horizon.createNamespace("foreign", "somebody-else");
        HorizonHwmStore store = store("foreign");
        assertThat(store.get("x")).isEmpty(); // reading needs only authentication
        assertThatThrownBy(() -> store.save(Hwm.unset("x", HwmType.COLUMN_INT, "t", "\"c\"")))
                .isInstanceOf(HorizonException.class)
                .hasMessageContaining("HTTP 403 permission_denied: Permission denied. User has role GUEST but action requires"
                        + " at least DEVELOPER.")
                .hasMessageContaining("needs at least DEVELOPER in the namespace");
        assertThat(new HorizonClient.Credentials("u", PASSWORD).toString()).doesNotContain(PASSWORD);
        assertThat(store.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void anHwmOfAnUnknownTypeOrWithABadValueFailsNamingIt() throws Exception {
        long namespaceId = horizon.createNamespace("ns", "syncmaster");
        horizon.putHwm(namespaceId, "syncmaster", "odd", "column_float", JSON.readTree("1.5"), "t", "c");
        horizon.putHwm(namespaceId, "syncmaster", "bad", "column_date", JSON.readTree("20240101"), "t", "c");
        HorizonHwmStore store = store("ns");
        assertThatThrownBy(() -> store.get("odd")).hasMessage("HWM 'odd' in Horizon namespace 'ns' has type 'column_float',"
                + " which SyncMaster does not write");
        assertThatThrownBy(() -> store.get("bad")).hasMessage("HWM 'bad' in Horizon namespace 'ns' has an invalid value:"
                + " column_date value 20240101 is not a date string YYYY-MM-DD");
    }

    @Test
    void aRetriedCreateWhoseFirstAttemptArrivedUpdatesInsteadOfFailingOn409() {
        HorizonHwmStore store = store("ns");
        long namespaceId = store.namespaceId();
        horizon.delayNext(1, Duration.ofMillis(1000), "POST"); // created, but the answer comes after the read timeout
        store.save(Hwm.unset("late", HwmType.COLUMN_INT, "t", "\"c\"").withValue(HwmValue.Column.of(7)));
        assertThat(horizon.hwm(namespaceId, "late").orElseThrow().path("value").asInt()).isEqualTo(7);
        assertThat(horizon.journal().stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/hwm/")).count())
                .isEqualTo(2);
        assertThat(horizon.journal()).anySatisfy(r -> assertThat(r.method()).isEqualTo("PATCH"));
    }

    private HorizonHwmStore store(String namespace) {
        return new HorizonHwmStore(client(), namespace);
    }

    private HorizonClient client() {
        return new HorizonClient(horizon.url(), credentials(), FAST, Clock.systemUTC());
    }

    private static HorizonClient.Credentials credentials() {
        return new HorizonClient.Credentials("syncmaster", PASSWORD);
    }

    private FakeHorizon.Request last(String method, String path) {
        List<FakeHorizon.Request> journal = horizon.journal();
        for (int i = journal.size() - 1; i >= 0; i--) {
            FakeHorizon.Request request = journal.get(i);
            if (request.method().equals(method) && (path == null || request.path().equals(path))) {
                return request;
            }
        }
        throw new AssertionError("no " + method + " " + path + " in " + journal);
    }

}
