package io.syncmaster.worker.runner.hwm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Contract tests of {@link FakeHorizon}: the assertions of Horizon's own test suite
 * ({@code tests/test_backend/test_hwm/test_{create,update,get,paginate}_hwm.py},
 * {@code test_namespace/test_create_namespace.py}, {@code test_auth/test_dummy_auth.py}, at ebb2c337) with their
 * exact JSON bodies, sent with a plain HTTP client so that the fake is checked independently of our Horizon client.
 */
class FakeHorizonContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String EMPTY_PAGE = """
            {"meta": {"page": 1, "pages_count": 1, "page_size": 20, "total_count": 0, "has_next": false,
              "has_previous": false, "next_page": null, "previous_page": null}, "items": []}""";

    private FakeHorizon horizon;
    private String token;
    private long namespaceId;

    @BeforeEach
    void start() throws Exception {
        horizon = FakeHorizon.start();
        token = login("user").path("access_token").asText();
        namespaceId = horizon.createNamespace("ns", "user");
    }

    @AfterEach
    void stop() {
        horizon.close();
    }

    @Test
    void loginAnswersABearerTokenWithExpiresAtAndTheUserCanAskWhoItIs() throws Exception {
        double before = Instant.now().getEpochSecond();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=other&password=x&client_id=None")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode content = JSON.readTree(response.body());
        assertThat(content.path("access_token").asText()).isNotEmpty();
        assertThat(content.path("token_type").asText()).isEqualTo("bearer");
        assertThat(content.path("expires_at").asDouble()).isGreaterThan(before).isLessThanOrEqualTo(before + 36001);
        assertThat(content.has("expires_in")).isFalse();

        HttpResponse<String> me = get("/v1/users/me", content.path("access_token").asText());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("username").asText()).isEqualTo("other");
    }

    @Test
    void malformedLoginIs422AndEmptyCredentials401() throws Exception {
        HttpResponse<String> response = postForm("username=u&passwd=p");
        assertJson(response, 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"location": ["body", "password"], "code": "missing", "message": "Field required", "context": {},
                   "input": null}]}}""");
        assertJson(postForm("username=u&password="), 401, """
                {"error": {"code": "unauthorized", "message": "Missing auth credentials", "details": null}}""");
        horizon.password("guarded", "right");
        assertJson(postForm("username=guarded&password=wrong"), 401, """
                {"error": {"code": "unauthorized", "message": "Wrong credentials", "details": null}}""");
    }

    @Test
    void anonymousCallsAre401NotAuthenticatedAndUnknownTokens401InvalidToken() throws Exception {
        String expected = """
                {"error": {"code": "unauthorized", "message": "Not authenticated", "details": null}}""";
        assertJson(get("/v1/hwm/1", null), 401, expected);
        assertJson(get("/v1/hwm/?namespace_id=" + namespaceId, null), 401, expected);
        assertJson(send(json("POST", "/v1/namespaces/", null, "{\"name\": \"test\"}")), 401, expected);
        assertJson(send(json("PATCH", "/v1/hwm/1", null, "{\"value\": 1}")), 401, expected);
        assertJson(get("/v1/users/me", "fake-unknown"), 401, """
                {"error": {"code": "unauthorized", "message": "Invalid token", "details": null}}""");
    }

    @Test
    void revokedAndExpiredTokensAre401InvalidToken() throws Exception {
        horizon.revokeTokens();
        assertJson(get("/v1/users/me", token), 401, """
                {"error": {"code": "unauthorized", "message": "Invalid token", "details": null}}""");
        horizon.tokenTtl(Duration.ofMillis(200));
        String shortLived = login("user").path("access_token").asText();
        assertThat(get("/v1/users/me", shortLived).statusCode()).isEqualTo(200);
        Thread.sleep(300);
        assertThat(get("/v1/users/me", shortLived).statusCode()).isEqualTo(401);
    }

    @Test
    void createNamespaceMakesTheCallerOwnerAndRejectsDuplicatesAndBadNames() throws Exception {
        HttpResponse<String> created = send(json("POST", "/v1/namespaces/", token, "{\"name\": \"" + "a".repeat(256)
                + "\", \"description\": \"d\"}"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode content = JSON.readTree(created.body());
        assertThat(content.path("name").asText()).hasSize(256);
        assertThat(content.path("description").asText()).isEqualTo("d");
        assertThat(content.path("owned_by").asText()).isEqualTo("user");
        assertThat(content.path("changed_by").asText()).isEqualTo("user");
        assertThat(OffsetDateTime.parse(content.path("changed_at").asText()).toInstant()).isBeforeOrEqualTo(Instant.now());

        assertJson(send(json("POST", "/v1/namespaces/", token, "{\"name\": \"ns\", \"description\": \"x\"}")), 409, """
                {"error": {"code": "already_exists", "message": "Namespace with name='ns' already exists",
                  "details": {"entity_type": "Namespace", "field": "name", "value": "ns"}}}""");
        assertJson(send(json("POST", "/v1/namespaces/", token, "{\"name\": \"\"}")), 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"location": ["body", "name"], "message": "String should have at least 1 character",
                   "code": "string_too_short", "context": {"min_length": 1}, "input": ""}]}}""");
        String tooLong = "a".repeat(2049);
        assertJson(send(json("POST", "/v1/namespaces/", token, "{\"name\": \"" + tooLong + "\"}")), 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"location": ["body", "name"], "message": "String should have at most 256 characters",
                   "code": "string_too_long", "context": {"max_length": 256}, "input": "%s"}]}}""".formatted(tooLong));
    }

    @Test
    void paginateNamespacesFiltersByExactNameWithFullMeta() throws Exception {
        horizon.createNamespace("ns2", "user");
        HttpResponse<String> response = get("/v1/namespaces/?page=1&page_size=20&name=ns", token);
        JsonNode page = JSON.readTree(response.body());
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).path("id").asLong()).isEqualTo(namespaceId);
        assertThat(page.path("meta")).isEqualTo(JSON.readTree("""
                {"page": 1, "page_size": 20, "total_count": 1, "pages_count": 1, "has_next": false,
                 "has_previous": false, "next_page": null, "previous_page": null}"""));
        assertThat(get("/v1/namespaces/?page=1&page_size=51", token).statusCode()).isEqualTo(422);
        assertThat(get("/v1/namespaces/?page=0", token).statusCode()).isEqualTo(422);
    }

    @Test
    void createHwmReturns201WithEveryKeyAndRejectsTheDuplicate() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        HttpResponse<String> created = send(json("POST", "/v1/hwm/", token, """
                {"namespace_id": %d, "name": "42_postgres_public.source_table", "description": "", "type": "column_int",
                 "value": 100, "entity": "public.source_table", "expression": "\\"number\\""}""".formatted(namespaceId)));
        assertThat(created.statusCode()).isEqualTo(201);
        ObjectNode content = (ObjectNode) JSON.readTree(created.body());
        long id = content.path("id").asLong();
        assertThat(OffsetDateTime.parse(content.path("changed_at").asText()).toInstant()).isAfter(before);
        assertThat(content.path("changed_at").asText()).endsWith("Z");
        content.remove("changed_at");
        assertThat(content).isEqualTo(JSON.readTree("""
                {"id": %d, "namespace_id": %d, "name": "42_postgres_public.source_table", "description": "",
                 "type": "column_int", "value": 100, "entity": "public.source_table", "expression": "\\"number\\"",
                 "changed_by": "user"}""".formatted(id, namespaceId)));

        assertJson(send(json("POST", "/v1/hwm/", token, """
                {"namespace_id": %d, "name": "42_postgres_public.source_table", "type": "column_int", "value": 1}"""
                .formatted(namespaceId))), 409, """
                {"error": {"code": "already_exists", "message": "HWM with name='42_postgres_public.source_table' already exists",
                  "details": {"entity_type": "HWM", "field": "name", "value": "42_postgres_public.source_table"}}}""");
        assertThat(horizon.hwm(namespaceId, "42_postgres_public.source_table").orElseThrow().path("value").asInt())
                .isEqualTo(100);
    }

    @Test
    void createHwmWithOnlyMandatoryFieldsDefaultsTheRestAndValueCanBeAnyJson() throws Exception {
        HttpResponse<String> created = send(json("POST", "/v1/hwm/", token, """
                {"namespace_id": %d, "name": "h", "type": "t", "value": null}""".formatted(namespaceId)));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode content = JSON.readTree(created.body());
        assertThat(content.path("description").asText()).isEmpty();
        assertThat(content.get("value").isNull()).isTrue();
        assertThat(content.get("entity").isNull()).isTrue();
        assertThat(content.get("expression").isNull()).isTrue();
        String[] values = {"123", "123.456", "\"abc\"", "{\"key1\": 123}", "[123, 456]", "[\"item1\", \"item2\"]",
            "[{\"key1\": 123}, {\"key2\": 234.567}, {\"key3\": \"abc\"}]", "9223372036854775807123"};
        for (int i = 0; i < values.length; i++) {
            HttpResponse<String> response = send(json("POST", "/v1/hwm/", token, """
                    {"namespace_id": %d, "name": "v%d", "type": "t", "value": %s}""".formatted(namespaceId, i, values[i])));
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(response.body()).get("value")).isEqualTo(JSON.readTree(values[i]));
        }
    }

    @Test
    void createHwmValidation() throws Exception {
        assertJson(send(json("POST", "/v1/hwm/", token, """
                {"namespace_id": %d, "name": "", "type": "t", "value": null}""".formatted(namespaceId))), 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"location": ["body", "name"], "message": "String should have at least 1 character",
                   "code": "string_too_short", "context": {"min_length": 1}, "input": ""}]}}""");
        String longType = "a".repeat(65);
        assertJson(send(json("POST", "/v1/hwm/", token, """
                {"namespace_id": %d, "name": "n", "type": "%s", "value": null}""".formatted(namespaceId, longType))), 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"location": ["body", "type"], "message": "String should have at most 64 characters",
                   "code": "string_too_long", "context": {"max_length": 64}, "input": "%s"}]}}""".formatted(longType));
        assertThat(send(json("POST", "/v1/hwm/", token, "{\"namespace_id\": " + namespaceId + ", \"name\": \"n\", \"type\": \"t\"}"))
                .statusCode()).isEqualTo(422);
        assertThat(send(json("POST", "/v1/hwm/", token, "{\"name\": \"n\", \"type\": \"t\", \"value\": 1}")).statusCode())
                .isEqualTo(422);
        assertThat(send(json("POST", "/v1/hwm/", token, """
                {"namespace_id": %d, "name": "%s", "type": "%s", "value": null}""".formatted(namespaceId, "a".repeat(2048),
                "a".repeat(64)))).statusCode()).isEqualTo(201);
    }

    @Test
    void createHwmInAMissingNamespaceIs404AndWithoutTheRole403() throws Exception {
        assertJson(send(json("POST", "/v1/hwm/", token, "{\"namespace_id\": 9999, \"name\": \"n\", \"type\": \"t\", \"value\": 1}")),
                404, """
                {"error": {"code": "not_found", "message": "Namespace with id=9999 not found",
                  "details": {"entity_type": "Namespace", "field": "id", "value": 9999}}}""");
        String guest = login("guest").path("access_token").asText();
        String expected = """
                {"error": {"code": "permission_denied",
                  "message": "Permission denied. User has role GUEST but action requires at least DEVELOPER.",
                  "details": {"required_role": "DEVELOPER", "actual_role": "GUEST"}}}""";
        assertJson(send(json("POST", "/v1/hwm/", guest, "{\"namespace_id\": " + namespaceId
                + ", \"name\": \"n\", \"type\": \"abc\", \"value\": 123}")), 403, expected);
        long id = horizon.putHwm(namespaceId, "user", "existing", "column_int", JSON.readTree("1"), null, null);
        assertJson(send(json("PATCH", "/v1/hwm/" + id, guest, "{\"value\": \"value\"}")), 403, expected);
        assertThat(get("/v1/hwm/" + id, guest).statusCode()).isEqualTo(200); // reads need only authentication

        horizon.grant(namespaceId, "guest", FakeHorizon.Role.DEVELOPER);
        assertThat(send(json("PATCH", "/v1/hwm/" + id, guest, "{\"value\": 2}")).statusCode()).isEqualTo(200);
        horizon.admin("root");
        String root = login("root").path("access_token").asText();
        assertThat(send(json("PATCH", "/v1/hwm/" + id, root, "{\"value\": 3}")).statusCode()).isEqualTo(200);
    }

    @Test
    void getHwmReturnsTheRowAndAMissingIdIs404() throws Exception {
        long id = horizon.putHwm(namespaceId, "user", "45_sftp_/data/in", "file_list",
                JSON.readTree("[\"/data/in/a.csv\", \"/data/in/sub/b.csv\"]"), "/data/in", null);
        ObjectNode row = (ObjectNode) JSON.readTree(get("/v1/hwm/" + id, token).body());
        row.remove("changed_at");
        assertThat(row).isEqualTo(JSON.readTree("""
                {"id": %d, "namespace_id": %d, "name": "45_sftp_/data/in", "description": "", "type": "file_list",
                 "value": ["/data/in/a.csv", "/data/in/sub/b.csv"], "entity": "/data/in", "expression": null,
                 "changed_by": "user"}""".formatted(id, namespaceId)));
        assertJson(get("/v1/hwm/777", token), 404, """
                {"error": {"code": "not_found", "message": "HWM with id=777 not found",
                  "details": {"entity_type": "HWM", "field": "id", "value": 777}}}""");
        assertThat(get("/v1/hwm/abc", token).statusCode()).isEqualTo(422);
    }

    @Test
    void paginateHwmNeedsANamespaceFiltersByExactNameAndAnUnknownNamespaceIsAnEmptyPage() throws Exception {
        assertJson(get("/v1/hwm/", token), 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"code": "missing", "context": {}, "input": null, "location": ["query", "namespace_id"],
                   "message": "Field required"}]}}""");
        assertJson(get("/v1/hwm/?namespace_id=9999", token), 200, EMPTY_PAGE);
        assertJson(get("/v1/hwm/?namespace_id=" + namespaceId, token), 200, EMPTY_PAGE);
        horizon.putHwm(namespaceId, "user", "b", "column_int", JSON.readTree("2"), "t", "\"c\"");
        horizon.putHwm(namespaceId, "user", "a", "column_int", JSON.readTree("1"), "t", "\"c\"");
        horizon.putHwm(namespaceId, "user", "45_sftp_/data/in", "file_list", JSON.readTree("[]"), "/data/in", null);
        JsonNode all = JSON.readTree(get("/v1/hwm/?namespace_id=" + namespaceId, token).body());
        assertThat(all.path("meta").path("total_count").asInt()).isEqualTo(3);
        assertThat(all.path("items").findValuesAsText("name")).containsExactly("45_sftp_/data/in", "a", "b");
        JsonNode one = JSON.readTree(get("/v1/hwm/?namespace_id=" + namespaceId + "&name=45_sftp_%2Fdata%2Fin", token).body());
        assertThat(one.path("items")).hasSize(1);
        assertThat(one.path("items").get(0).path("name").asText()).isEqualTo("45_sftp_/data/in");
        assertJson(get("/v1/hwm/?namespace_id=" + namespaceId + "&name=missing", token), 200, EMPTY_PAGE);
    }

    @Test
    void patchUpdatesOnlyThePresentKeysAndChecks404And409And422() throws Exception {
        long id = horizon.putHwm(namespaceId, "user", "h1", "column_int", JSON.readTree("1"), "t", "\"c\"");
        horizon.putHwm(namespaceId, "user", "h2", "column_int", JSON.readTree("2"), "t", "\"c\"");
        ObjectNode before = horizon.hwm(namespaceId, "h1").orElseThrow();
        Thread.sleep(2);
        HttpResponse<String> response = send(json("PATCH", "/v1/hwm/" + id, token, "{\"entity\": null}"));
        assertThat(response.statusCode()).isEqualTo(200);
        ObjectNode after = (ObjectNode) JSON.readTree(response.body());
        assertThat(after.get("entity").isNull()).isTrue();
        assertThat(after.path("changed_at").asText()).isGreaterThan(before.path("changed_at").asText());
        for (String same : new String[] {"id", "namespace_id", "name", "description", "type", "value", "expression"}) {
            assertThat(after.get(same)).as(same).isEqualTo(before.get(same));
        }
        assertJson(send(json("PATCH", "/v1/hwm/" + id, token, "{\"unexpected\": \"value\"}")), 422, """
                {"error": {"code": "invalid_request", "message": "Invalid request", "details": [
                  {"code": "value_error", "location": ["body"], "message": "Value error, At least one field must be set.",
                   "context": {}, "input": {"unexpected": "value"}}]}}""");
        assertJson(send(json("PATCH", "/v1/hwm/" + id, token, "{\"name\": \"h2\"}")), 409, """
                {"error": {"code": "already_exists", "message": "HWM with name='h2' already exists",
                  "details": {"entity_type": "HWM", "field": "name", "value": "h2"}}}""");
        assertJson(send(json("PATCH", "/v1/hwm/555", token, "{\"value\": 5}")), 404, """
                {"error": {"code": "not_found", "message": "HWM with id=555 not found",
                  "details": {"entity_type": "HWM", "field": "id", "value": 555}}}""");
        assertThat(send(json("PATCH", "/v1/hwm/" + id, token, "{\"value\": [3, 1, 2]}")).statusCode()).isEqualTo(200);
        assertThat(horizon.hwm(namespaceId, "h1").orElseThrow().get("value")).isEqualTo(JSON.readTree("[3, 1, 2]"));
    }

    @Test
    void collectionPathsWithoutTheSlashRedirectAndUnknownPathsAre404() throws Exception {
        HttpResponse<String> redirect = get("/v1/hwm?namespace_id=1", token);
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/v1/hwm/");
        assertThat(get("/v1/namespaces", token).statusCode()).isEqualTo(307);
        assertThat(get("/v1/nothing", token).statusCode()).isEqualTo(404);
    }

    @Test
    void faultInjectionAnswers5xxThenRecoversAndRecordsEveryRequest() throws Exception {
        horizon.failNext(2, 503);
        horizon.clearJournal();
        assertJson(get("/v1/users/me", token), 503, """
                {"error": {"code": "service_unavailable", "message": "Service unavailable", "details": null}}""");
        assertThat(get("/v1/users/me", token).statusCode()).isEqualTo(503);
        assertThat(get("/v1/users/me", token).statusCode()).isEqualTo(200);
        horizon.failNext(1, 502);
        assertThat(get("/v1/users/me", token).statusCode()).isEqualTo(502);
        horizon.failNext(1, 500);
        assertJson(get("/v1/users/me", token), 500, """
                {"error": {"code": "unknown", "message": "Got unhandled exception. Please contact support", "details": null}}""");
        horizon.delayNext(1, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThat(get("/v1/users/me", token).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(horizon.journal()).hasSize(6).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/users/me"));
    }

    @Test
    void theNamespaceRaceHookAnswers409OnceWithTheNamespaceCreatedByAnother() throws Exception {
        horizon.conflictOnNextNamespaceCreate();
        assertThat(send(json("POST", "/v1/namespaces/", token, "{\"name\": \"raced\"}")).statusCode()).isEqualTo(409);
        assertThat(horizon.namespaceId("raced")).isPresent();
        assertThat(send(json("POST", "/v1/namespaces/", token, "{\"name\": \"fresh\"}")).statusCode()).isEqualTo(201);
    }

    // ---- helpers ----

    private JsonNode login(String user) throws Exception {
        HttpResponse<String> response = postForm("grant_type=password&username=" + user + "&password=pw");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> postForm(String form) throws Exception {
        return send(HttpRequest.newBuilder(uri("/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private HttpRequest.Builder json(String method, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    private URI uri(String path) {
        return URI.create(horizon.url() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJson(HttpResponse<String> response, int status, String expected) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(expected));
    }
}
