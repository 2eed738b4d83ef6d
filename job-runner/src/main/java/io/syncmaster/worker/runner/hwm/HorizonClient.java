package io.syncmaster.worker.runner.hwm;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP transport to Horizon's REST API as SyncMaster's Python client speaks it (hwm-contract §1.2, §1.10): a form
 * login that yields a bearer token with {@code expires_at}, a new login when less than a minute remains, bounded
 * retries on 502/503/504 and on connection or read errors, connect and read timeouts. One improvement over upstream:
 * a 401 in the middle of a run (token revoked, server restarted with a new secret) triggers one new login and one
 * retry of the call instead of failing the run. Error bodies become {@link HorizonException}s naming the call.
 * Neither the password nor the token ever appears in a message, a log line or {@code toString}.
 */
public final class HorizonClient {
    private static final Logger LOG = LoggerFactory.getLogger(HorizonClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);
    private static final String LOGIN_PATH = "/v1/auth/token";

    /** Login and password of the Horizon user. The password never leaves this record except in the login form. */
    public record Credentials(String user, String password) {
        public Credentials {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=<redacted>]";
        }
    }

    /**
     * Transport settings; {@link #defaults()} are the Python client's.
     *
     * @param retries     extra attempts after the first one on 502/503/504 or a connection or read error
     * @param backoff     the first pause between attempts; it doubles each time
     * @param renewBefore log in again when the token expires sooner than this
     */
    public record Options(Duration connectTimeout, Duration readTimeout, int retries, Duration backoff,
            Duration renewBefore) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), Duration.ofSeconds(5), 3, Duration.ofMillis(100),
                    Duration.ofSeconds(60));
        }
    }

    private final String baseUrl;
    private final Credentials credentials;
    private final Options options;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant tokenExpiresAt;

    /** @param baseUrl Horizon's base URL; a trailing {@code /} is dropped, a path prefix is kept */
    public HorizonClient(String baseUrl, Credentials credentials, Options options, Clock clock) {
        URI uri = URI.create(baseUrl.strip());
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new HwmStoreException("hwm_store.url '" + baseUrl + "' is not an http(s) URL");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.baseUrl = text;
        this.credentials = credentials;
        this.options = options;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The base URL, without credentials. */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET path?query}; query values are form-encoded as {@code requests} does. */
    public JsonNode get(String path, Map<String, String> query) {
        return call("GET", path + queryString(query), null);
    }

    public JsonNode post(String path, JsonNode body) {
        return call("POST", path, body);
    }

    public JsonNode patch(String path, JsonNode body) {
        return call("PATCH", path, body);
    }

    private JsonNode call(String method, String pathAndQuery, JsonNode body) {
        String what = method + " " + pathAndQuery;
        boolean loggedInAgain = false;
        while (true) {
            String bearer = validToken();
            HttpRequest.Builder request = request(pathAndQuery).header("Authorization", "Bearer " + bearer);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
            }
            HttpResponse<String> response = exchange(what, request);
            if (response.statusCode() == 401 && !loggedInAgain) {
                LOG.warn("Horizon answered 401 to {} ({}): logging in again once", what, errorText(response));
                synchronized (this) {
                    if (bearer.equals(token)) {
                        token = null;
                    }
                }
                loggedInAgain = true;
                continue;
            }
            return parse(what, response);
        }
    }

    private synchronized String validToken() {
        if (token == null || !clock.instant().isBefore(tokenExpiresAt.minus(options.renewBefore()))) {
            login();
        }
        return token;
    }

    private void login() {
        String form = "grant_type=password&username=" + encode(credentials.user()) + "&password="
                + encode(credentials.password());
        String what = "login as '" + credentials.user() + "' (POST " + LOGIN_PATH + ")";
        HttpResponse<String> response = exchange(what, request(LOGIN_PATH)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        JsonNode answer = parse(what, response);
        String accessToken = answer.path("access_token").asText("");
        JsonNode expiresAt = answer.path("expires_at");
        if (accessToken.isEmpty() || !expiresAt.isNumber()) {
            throw new HwmStoreException("Horizon " + what + ": the answer has no access_token or expires_at");
        }
        token = accessToken;
        tokenExpiresAt = Instant.ofEpochSecond(expiresAt.asLong()); // authlib truncates expires_at to an int
        // as the Python client: the token is checked at once
        HttpResponse<String> me = exchange("GET /v1/users/me", request("/v1/users/me")
                .header("Authorization", "Bearer " + token).GET());
        JsonNode user = parse("GET /v1/users/me", me);
        LOG.info("Horizon {}: logged in as '{}' (user id {}), token valid until {}", baseUrl, user.path("username").asText(),
                user.path("id").asText(), tokenExpiresAt);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(options.readTimeout())
                .header("Accept", "application/json")
                .header("X-Client-Name", "syncmaster-worker[java]");
    }

    /** One call with the bounded retries of the Python client (urllib3 Retry: total 3, on 502/503/504 and I/O errors). */
    private HttpResponse<String> exchange(String what, HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        Duration pause = options.backoff();
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= options.retries();
            String failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (!RETRIED_STATUSES.contains(response.statusCode()) || last) {
                    return response;
                }
                failure = "HTTP " + response.statusCode();
            } catch (IOException e) {
                failure = describe(e);
                if (last) {
                    throw new HwmStoreException("Horizon " + baseUrl + " did not answer " + what + " after "
                            + (attempt + 1) + " attempt(s): " + failure, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HwmStoreException("interrupted while calling Horizon " + what, e);
            }
            LOG.warn("Horizon {}: {} (attempt {} of {}), retrying in {} ms", what, failure, attempt + 1,
                    options.retries() + 1, pause.toMillis());
            sleep(pause);
            pause = pause.multipliedBy(2);
        }
    }

    private JsonNode parse(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 400) {
            JsonNode error = readOrNull(response.body());
            String code = error == null ? null : error.path("error").path("code").asText(null);
            String message = "Horizon " + what + " failed: HTTP " + status + " " + errorText(response)
                    + hint(status, code);
            throw new HorizonException(status, code, message);
        }
        if (status == 204 || response.body().isEmpty()) {
            return JSON.nullNode();
        }
        JsonNode body = readOrNull(response.body());
        if (body == null) {
            throw new HwmStoreException("Horizon " + what + ": HTTP " + status + " with a body that is not JSON: "
                    + excerpt(response.body()));
        }
        if (status >= 300) {
            throw new HorizonException(status, null, "Horizon " + what + " answered HTTP " + status + " (redirect to "
                    + response.headers().firstValue("Location").orElse("?") + "); check hwm_store.url");
        }
        return body;
    }

    /** {@code code: message} of an error body, or an excerpt of a non-JSON one. Details are left out on purpose. */
    private static String errorText(HttpResponse<String> response) {
        JsonNode body = readOrNull(response.body());
        if (body == null || !body.path("error").isObject()) {
            return excerpt(response.body());
        }
        JsonNode error = body.path("error");
        return error.path("code").asText("?") + ": " + error.path("message").asText("");
    }

    private String hint(int status, String code) {
        if (status == 403 && "permission_denied".equals(code)) {
            return " (the Horizon user '" + credentials.user() + "' needs at least DEVELOPER in the namespace to save HWMs)";
        }
        if (status == 401) {
            return " (check hwm_store.user and hwm_store.password)";
        }
        return "";
    }

    private static JsonNode readOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String excerpt(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "(empty body)" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return "?" + query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HwmStoreException("interrupted while waiting to retry a Horizon call", e);
        }
    }

    @Override
    public String toString() {
        return "HorizonClient[" + baseUrl + ", user=" + credentials.user() + "]";
    }
}
