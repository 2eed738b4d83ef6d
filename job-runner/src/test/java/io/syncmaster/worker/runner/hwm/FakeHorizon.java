package io.syncmaster.worker.runner.hwm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process Horizon backend for tests (hwm-contract §2.2): the routes, JSON shapes, error bodies, roles and
 * validation of Horizon 1.1.3 that SyncMaster's client touches, plus fault injection (5xx for the next calls, slow
 * answers, revoked tokens, a 409 namespace race), a request journal and direct state access. Its own contract tests
 * ({@code FakeHorizonContractTest}) port the exact-JSON assertions of Horizon's test suite.
 */
public final class FakeHorizon implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter CHANGED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern HWM_ITEM = Pattern.compile("/v1/hwm/([^/]+)");
    private static final List<String> HWM_FIELDS = List.of("name", "description", "type", "value", "entity", "expression");

    /** Namespace roles, lowest first (Horizon's NamespaceUserRoleInt). */
    public enum Role { GUEST, DEVELOPER, MAINTAINER, OWNER }

    /** One request as received. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
    }

    private record User(long id, String username, boolean admin) {
    }

    private record Token(long userId, Instant expiresAt) {
    }

    /** A fault for the next request of {@code method} (any method when null). */
    private record Fault(int status, Duration delay, String method) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Clock clock;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, String> passwords = new HashMap<>();
    private final Set<String> admins = new HashSet<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<Long, ObjectNode> namespaces = new TreeMap<>();
    private final Map<Long, Long> namespaceOwners = new HashMap<>();
    private final Map<Long, Map<Long, Role>> roles = new HashMap<>();
    private final Map<Long, ObjectNode> hwms = new TreeMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> journal = new ArrayList<>();
    private long nextId = 1;
    private Duration tokenTtl = Duration.ofHours(10);
    private int namespaceConflicts;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeHorizon(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeHorizon start() {
        try {
            return new FakeHorizon(Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Horizon", e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- configuration and fault injection ----

    /** Lifetime of new tokens; under 60 s makes the client log in again before every call. */
    public synchronized FakeHorizon tokenTtl(Duration ttl) {
        this.tokenTtl = ttl;
        return this;
    }

    /** Only this password is accepted for {@code user} (401 Wrong credentials); others accept anything (dummy provider). */
    public synchronized FakeHorizon password(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    /** {@code user} becomes a superadmin (HORIZON__ENTRYPOINT__ADMIN_USERS). */
    public synchronized FakeHorizon admin(String user) {
        admins.add(user);
        return this;
    }

    /** The next {@code count} requests answer {@code status} (502/503/504, or 500 unknown). */
    public synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(status, Duration.ZERO, null));
        }
    }

    /** The next {@code count} requests are processed at once but answered only after {@code delay}. */
    public synchronized void delayNext(int count, Duration delay) {
        delayNext(count, delay, null);
    }

    /** As {@link #delayNext(int, Duration)}, for requests of one HTTP method only. */
    public synchronized void delayNext(int count, Duration delay, String method) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(0, delay, method));
        }
    }

    /** Every token issued so far becomes invalid (401 Invalid token), as after a server secret change. */
    public synchronized void revokeTokens() {
        tokens.clear();
    }

    /** The next namespace creation answers 409 after creating it anyway: another worker won the race. */
    public synchronized void conflictOnNextNamespaceCreate() {
        namespaceConflicts++;
    }

    public synchronized void grant(long namespaceId, String username, Role role) {
        roles.computeIfAbsent(namespaceId, k -> new HashMap<>()).put(user(username).id(), role);
    }

    // ---- state ----

    /** Creates a namespace owned by {@code owner}; returns its id. */
    public synchronized long createNamespace(String name, String owner) {
        return insertNamespace(name, "", user(owner));
    }

    public synchronized Optional<Long> namespaceId(String name) {
        return namespaces.values().stream().filter(n -> n.path("name").asText().equals(name))
                .map(n -> n.path("id").asLong()).findFirst();
    }

    /** The stored HWM row as the API shows it. */
    public synchronized Optional<ObjectNode> hwm(long namespaceId, String name) {
        return hwms.values().stream().filter(h -> h.path("namespace_id").asLong() == namespaceId
                && h.path("name").asText().equals(name)).findFirst().map(FakeHorizon::normalized);
    }

    /** Stores an HWM directly (as another SyncMaster worker would have), created by {@code username}. */
    public synchronized long putHwm(long namespaceId, String username, String name, String type, JsonNode value,
            String entity, String expression) {
        long id = nextId++;
        ObjectNode hwm = NODES.objectNode();
        hwm.put("id", id);
        hwm.put("namespace_id", namespaceId);
        hwm.put("name", name);
        hwm.put("description", "");
        hwm.put("type", type);
        hwm.set("value", value);
        hwm.put("entity", entity);
        hwm.put("expression", expression);
        stamp(hwm, user(username));
        hwms.put(id, hwm);
        return id;
    }

    public synchronized List<Request> journal() {
        return List.copyOf(journal);
    }

    public synchronized void clearJournal() {
        journal.clear();
    }

    /** Stops the server (idempotent): afterwards connections are refused, as with a Horizon that is down. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            Fault fault;
            synchronized (this) {
                journal.add(new Request(method, path, query, headers, body));
                fault = faults.stream().filter(f -> f.method() == null || f.method().equals(method)).findFirst()
                        .orElse(null);
                faults.remove(fault);
            }
            Answer answer;
            if (fault != null && fault.status() != 0) {
                answer = fault.status() == 500 ? error(500, "unknown", "Got unhandled exception. Please contact support", null)
                        : fault.status() == 503 ? error(503, "service_unavailable", "Service unavailable", null)
                        : new Answer(fault.status(), NODES.textNode("<html>" + fault.status() + " Bad Gateway</html>"), null);
            } else {
                try {
                    answer = route(method, path, parseQuery(query), headers, body);
                } catch (RuntimeException e) {
                    answer = error(500, "unknown", "Got unhandled exception. Please contact support", null);
                }
            }
            if (fault != null && !fault.delay().isZero()) {
                sleep(fault.delay()); // processed already: a late answer, as when a retried POST did arrive
            }
            byte[] bytes = (answer.body().isTextual() ? answer.body().asText() : JSON.writeValueAsString(answer.body()))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.body().isTextual() ? "text/html" : "application/json");
            if (answer.location() != null) {
                exchange.getResponseHeaders().set("Location", answer.location());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private record Answer(int status, JsonNode body, String location) {
    }

    private synchronized Answer route(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body) {
        if (path.equals("/v1/namespaces") || path.equals("/v1/hwm")) {
            return new Answer(307, NODES.textNode(""), path + "/");
        }
        if (path.equals("/v1/auth/token")) {
            return method.equals("POST") ? login(headers, body) : methodNotAllowed();
        }
        boolean known = path.equals("/v1/users/me") || path.equals("/v1/namespaces/") || path.equals("/v1/hwm/")
                || HWM_ITEM.matcher(path).matches();
        if (!known) {
            return error(404, "not_found", "Not Found", null);
        }
        Object auth = authenticate(headers);
        if (auth instanceof Answer denied) {
            return denied;
        }
        User user = (User) auth;
        if (path.equals("/v1/users/me")) {
            return method.equals("GET") ? ok(200, me(user)) : methodNotAllowed();
        }
        if (path.equals("/v1/namespaces/")) {
            return switch (method) {
                case "GET" -> paginateNamespaces(query);
                case "POST" -> createNamespace(user, body);
                default -> methodNotAllowed();
            };
        }
        if (path.equals("/v1/hwm/")) {
            return switch (method) {
                case "GET" -> paginateHwm(query);
                case "POST" -> createHwm(user, body);
                default -> methodNotAllowed();
            };
        }
        Matcher item = HWM_ITEM.matcher(path);
        item.matches();
        String rawId = URLDecoder.decode(item.group(1), StandardCharsets.UTF_8);
        Long id = parseLong(rawId);
        if (id == null) {
            return invalid(detail(List.of("path", "hwm_id"), "Input should be a valid integer, unable to parse string as an integer",
                    "int_parsing", NODES.objectNode(), NODES.textNode(rawId)));
        }
        return switch (method) {
            case "GET" -> hwms.containsKey(id) ? ok(200, hwms.get(id)) : hwmNotFound(id);
            case "PATCH" -> updateHwm(user, id, body);
            default -> methodNotAllowed();
        };
    }

    private Answer login(Map<String, String> headers, String body) {
        Map<String, String> form = parseQuery(body);
        List<ObjectNode> missing = new ArrayList<>();
        for (String field : List.of("username", "password")) {
            if (!form.containsKey(field)) {
                missing.add(detail(List.of("body", field), "Field required", "missing", NODES.objectNode(), NullNode.getInstance()));
            }
        }
        String grantType = form.get("grant_type");
        if (grantType != null && !grantType.equals("password")) {
            missing.add(detail(List.of("body", "grant_type"), "String should match pattern '^password$'", "string_pattern_mismatch",
                    NODES.objectNode().put("pattern", "^password$"), NODES.textNode(grantType)));
        }
        if (!missing.isEmpty()) {
            return invalid(missing.toArray(ObjectNode[]::new));
        }
        String username = form.get("username");
        String password = form.get("password");
        if (username.isEmpty() || password.isEmpty()) {
            return error(401, "unauthorized", "Missing auth credentials", null);
        }
        if (passwords.containsKey(username) && !passwords.get(username).equals(password)) {
            return error(401, "unauthorized", "Wrong credentials", null);
        }
        User user = user(username);
        String token = "fake-" + UUID.randomUUID();
        Instant expiresAt = clock.instant().plus(tokenTtl);
        tokens.put(token, new Token(user.id(), expiresAt));
        ObjectNode answer = NODES.objectNode();
        answer.put("access_token", token);
        answer.put("token_type", "bearer");
        answer.put("expires_at", expiresAt.toEpochMilli() / 1000.0);
        return ok(200, answer);
    }

    private Object authenticate(Map<String, String> headers) {
        String header = headers.get("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return error(401, "unauthorized", "Not authenticated", null);
        }
        Token token = tokens.get(header.substring(7).strip());
        if (token == null || !clock.instant().isBefore(token.expiresAt())) {
            return error(401, "unauthorized", "Invalid token", null);
        }
        return users.values().stream().filter(u -> u.id() == token.userId()).findFirst().orElseThrow();
    }

    private static ObjectNode me(User user) {
        ObjectNode me = NODES.objectNode().put("id", user.id()).put("username", user.username());
        if (user.admin()) {
            me.put("is_admin", true);
        }
        return me;
    }

    private Answer paginateNamespaces(Map<String, String> query) {
        Object page = pageArgs(query);
        if (page instanceof Answer bad) {
            return bad;
        }
        String name = query.get("name");
        List<JsonNode> items = namespaces.values().stream()
                .filter(n -> name == null || n.path("name").asText().equals(name))
                .sorted(Comparator.comparing(n -> n.path("name").asText()))
                .map(n -> (JsonNode) n).toList();
        int[] args = (int[]) page;
        return ok(200, page(items, args[0], args[1]));
    }

    private Answer createNamespace(User user, String body) {
        Object parsed = parseObject(body);
        if (parsed instanceof Answer bad) {
            return bad;
        }
        ObjectNode request = (ObjectNode) parsed;
        List<ObjectNode> problems = new ArrayList<>();
        checkString(request, "name", 1, 256, true, problems);
        if (!problems.isEmpty()) {
            return invalid(problems.toArray(ObjectNode[]::new));
        }
        String name = request.path("name").asText();
        if (namespaceConflicts > 0) {
            namespaceConflicts--;
            if (namespaceId(name).isEmpty()) {
                insertNamespace(name, "", user("other-worker"));
            }
        }
        if (namespaceId(name).isPresent()) {
            return error(409, "already_exists", "Namespace with name=" + pyRepr(name) + " already exists",
                    NODES.objectNode().put("entity_type", "Namespace").put("field", "name").put("value", name));
        }
        long id = insertNamespace(name, request.path("description").asText(""), user);
        return ok(201, namespaces.get(id));
    }

    private long insertNamespace(String name, String description, User owner) {
        long id = nextId++;
        ObjectNode namespace = NODES.objectNode();
        namespace.put("id", id);
        namespace.put("name", name);
        namespace.put("description", description);
        namespace.put("owned_by", owner.username());
        stamp(namespace, owner);
        namespaces.put(id, namespace);
        namespaceOwners.put(id, owner.id());
        return id;
    }

    private Answer paginateHwm(Map<String, String> query) {
        if (!query.containsKey("namespace_id")) {
            return invalid(detail(List.of("query", "namespace_id"), "Field required", "missing", NODES.objectNode(),
                    NullNode.getInstance()));
        }
        Long namespaceId = parseLong(query.get("namespace_id"));
        if (namespaceId == null) {
            return invalid(detail(List.of("query", "namespace_id"), "Input should be a valid integer, unable to parse string as an integer",
                    "int_parsing", NODES.objectNode(), NODES.textNode(query.get("namespace_id"))));
        }
        Object page = pageArgs(query);
        if (page instanceof Answer bad) {
            return bad;
        }
        String name = query.get("name");
        List<JsonNode> items = hwms.values().stream()
                .filter(h -> h.path("namespace_id").asLong() == namespaceId)
                .filter(h -> name == null || h.path("name").asText().equals(name))
                .sorted(Comparator.comparing(h -> h.path("name").asText()))
                .map(h -> (JsonNode) h).toList();
        int[] args = (int[]) page;
        return ok(200, page(items, args[0], args[1]));
    }

    private Answer createHwm(User user, String body) {
        Object parsed = parseObject(body);
        if (parsed instanceof Answer bad) {
            return bad;
        }
        ObjectNode request = (ObjectNode) parsed;
        List<ObjectNode> problems = new ArrayList<>();
        if (!request.has("namespace_id")) {
            problems.add(detail(List.of("body", "namespace_id"), "Field required", "missing", NODES.objectNode(), request));
        } else if (!request.get("namespace_id").canConvertToLong()) {
            problems.add(detail(List.of("body", "namespace_id"), "Input should be a valid integer", "int_type",
                    NODES.objectNode(), request.get("namespace_id")));
        }
        checkString(request, "name", 1, 2048, true, problems);
        checkString(request, "type", 1, 64, true, problems);
        if (!request.has("value")) {
            problems.add(detail(List.of("body", "value"), "Field required", "missing", NODES.objectNode(), request));
        }
        if (!problems.isEmpty()) {
            return invalid(problems.toArray(ObjectNode[]::new));
        }
        long namespaceId = request.get("namespace_id").asLong();
        Answer denied = checkRole(user, namespaceId, Role.DEVELOPER);
        if (denied != null) {
            return denied;
        }
        String name = request.get("name").asText();
        if (hwm(namespaceId, name).isPresent()) {
            return hwmExists(name);
        }
        long id = putHwm(namespaceId, user.username(), name, request.get("type").asText(), request.get("value"),
                textOrNull(request.get("entity")), textOrNull(request.get("expression")));
        hwms.get(id).put("description", request.path("description").asText(""));
        return ok(201, hwms.get(id));
    }

    private Answer updateHwm(User user, long id, String body) {
        Object parsed = parseObject(body);
        if (parsed instanceof Answer bad) {
            return bad;
        }
        ObjectNode request = (ObjectNode) parsed;
        if (HWM_FIELDS.stream().noneMatch(request::has)) {
            return invalid(detail(List.of("body"), "Value error, At least one field must be set.", "value_error",
                    NODES.objectNode(), request));
        }
        List<ObjectNode> problems = new ArrayList<>();
        checkString(request, "name", 1, 2048, false, problems);
        checkString(request, "type", 1, 64, false, problems);
        if (!problems.isEmpty()) {
            return invalid(problems.toArray(ObjectNode[]::new));
        }
        ObjectNode hwm = hwms.get(id);
        if (hwm == null) {
            return hwmNotFound(id);
        }
        Answer denied = checkRole(user, hwm.path("namespace_id").asLong(), Role.DEVELOPER);
        if (denied != null) {
            return denied;
        }
        if (request.has("name") && !request.get("name").asText().equals(hwm.path("name").asText())
                && hwm(hwm.path("namespace_id").asLong(), request.get("name").asText()).isPresent()) {
            return hwmExists(request.get("name").asText());
        }
        for (String field : HWM_FIELDS) {
            if (request.has(field)) {
                hwm.set(field, request.get(field));
            }
        }
        stamp(hwm, user);
        return ok(200, hwm);
    }

    private Answer checkRole(User user, long namespaceId, Role required) {
        if (user.admin()) {
            return null;
        }
        Long owner = namespaceOwners.get(namespaceId);
        if (owner == null) {
            return error(404, "not_found", "Namespace with id=" + namespaceId + " not found",
                    NODES.objectNode().put("entity_type", "Namespace").put("field", "id").put("value", namespaceId));
        }
        Role actual = owner == user.id() ? Role.OWNER
                : roles.getOrDefault(namespaceId, Map.of()).getOrDefault(user.id(), Role.GUEST);
        if (actual.compareTo(required) < 0) {
            return error(403, "permission_denied", "Permission denied. User has role " + actual + " but action requires at least "
                    + required + ".", NODES.objectNode().put("required_role", required.name()).put("actual_role", actual.name()));
        }
        return null;
    }

    // ---- helpers ----

    private User user(String username) {
        return users.computeIfAbsent(username, u -> new User(nextId++, u, admins.contains(u)));
    }

    private void stamp(ObjectNode row, User user) {
        row.put("changed_at", CHANGED_AT.format(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        row.put("changed_by", user.username());
    }

    private static Object pageArgs(Map<String, String> query) {
        List<ObjectNode> problems = new ArrayList<>();
        int page = intArg(query, "page", 1, 1, Integer.MAX_VALUE, problems);
        int pageSize = intArg(query, "page_size", 20, 1, 50, problems);
        return problems.isEmpty() ? new int[] {page, pageSize} : invalid(problems.toArray(ObjectNode[]::new));
    }

    private static int intArg(Map<String, String> query, String name, int fallback, int min, int max, List<ObjectNode> problems) {
        if (!query.containsKey(name)) {
            return fallback;
        }
        String raw = query.get(name);
        Long value = parseLong(raw);
        if (value == null) {
            problems.add(detail(List.of("query", name), "Input should be a valid integer, unable to parse string as an integer",
                    "int_parsing", NODES.objectNode(), NODES.textNode(raw)));
        } else if (value < min) {
            problems.add(detail(List.of("query", name), "Input should be greater than " + (min - 1), "greater_than",
                    NODES.objectNode().put("gt", min - 1), NODES.textNode(raw)));
        } else if (value > max) {
            problems.add(detail(List.of("query", name), "Input should be less than or equal to " + max, "less_than_equal",
                    NODES.objectNode().put("le", max), NODES.textNode(raw)));
        } else {
            return value.intValue();
        }
        return fallback;
    }

    private static ObjectNode page(List<JsonNode> all, int page, int pageSize) {
        int total = all.size();
        int pages = Math.max(1, (total + pageSize - 1) / pageSize);
        ObjectNode meta = NODES.objectNode();
        meta.put("page", page);
        meta.put("page_size", pageSize);
        meta.put("total_count", total);
        meta.put("pages_count", pages);
        meta.put("has_next", page < pages);
        meta.put("has_previous", page > 1);
        if (page < pages) {
            meta.put("next_page", page + 1);
        } else {
            meta.putNull("next_page");
        }
        if (page > 1) {
            meta.put("previous_page", page - 1);
        } else {
            meta.putNull("previous_page");
        }
        ArrayNode items = NODES.arrayNode();
        all.stream().skip((long) (page - 1) * pageSize).limit(pageSize).forEach(items::add);
        ObjectNode answer = NODES.objectNode();
        answer.set("meta", meta);
        answer.set("items", items);
        return answer;
    }

    private static void checkString(ObjectNode request, String field, int min, int max, boolean required,
            List<ObjectNode> problems) {
        JsonNode value = request.get(field);
        if (value == null) {
            if (required) {
                problems.add(detail(List.of("body", field), "Field required", "missing", NODES.objectNode(), request));
            }
            return;
        }
        if (!value.isTextual()) {
            problems.add(detail(List.of("body", field), "Input should be a valid string", "string_type", NODES.objectNode(), value));
        } else if (value.asText().length() < min) {
            problems.add(detail(List.of("body", field), "String should have at least " + min + " character", "string_too_short",
                    NODES.objectNode().put("min_length", min), value));
        } else if (value.asText().length() > max) {
            problems.add(detail(List.of("body", field), "String should have at most " + max + " characters", "string_too_long",
                    NODES.objectNode().put("max_length", max), value));
        }
    }

    private static Object parseObject(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
            return invalid(detail(List.of("body"), "Input should be a valid dictionary", "dict_type", NODES.objectNode(),
                    node == null ? NullNode.getInstance() : node));
        } catch (JsonProcessingException e) {
            return invalid(detail(List.of("body", 0), "JSON decode error", "json_invalid",
                    NODES.objectNode().put("error", "Expecting value"), NODES.objectNode()));
        }
    }

    private static ObjectNode detail(List<Object> location, String message, String code, ObjectNode context, JsonNode input) {
        ObjectNode detail = NODES.objectNode();
        ArrayNode loc = detail.putArray("location");
        location.forEach(part -> {
            if (part instanceof Integer i) {
                loc.add(i);
            } else {
                loc.add(part.toString());
            }
        });
        detail.put("message", message);
        detail.put("code", code);
        detail.set("context", context);
        detail.set("input", input);
        return detail;
    }

    private static Answer invalid(ObjectNode... details) {
        ArrayNode array = NODES.arrayNode();
        for (ObjectNode detail : details) {
            array.add(detail);
        }
        return error(422, "invalid_request", "Invalid request", array);
    }

    private static Answer hwmNotFound(long id) {
        return error(404, "not_found", "HWM with id=" + id + " not found",
                NODES.objectNode().put("entity_type", "HWM").put("field", "id").put("value", id));
    }

    private static Answer hwmExists(String name) {
        return error(409, "already_exists", "HWM with name=" + pyRepr(name) + " already exists",
                NODES.objectNode().put("entity_type", "HWM").put("field", "name").put("value", name));
    }

    private static Answer methodNotAllowed() {
        return error(405, "method_not_allowed", "Method Not Allowed", null);
    }

    private static Answer error(int status, String code, String message, JsonNode details) {
        ObjectNode error = NODES.objectNode();
        error.put("code", code);
        error.put("message", message);
        error.set("details", details == null ? NullNode.getInstance() : details);
        ObjectNode body = NODES.objectNode();
        body.set("error", error);
        return new Answer(status, body, null);
    }

    private static Answer ok(int status, JsonNode body) {
        return new Answer(status, body.deepCopy(), null);
    }

    /** Python's {@code repr} of a str, as in Horizon's messages. */
    static String pyRepr(String value) {
        if (value.contains("'") && !value.contains("\"")) {
            return "\"" + value.replace("\\", "\\\\") + "\"";
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    private static Long parseLong(String raw) {
        try {
            return raw == null ? null : Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A copy as a client parses it (numbers re-read from text), so that tests compare like with like. */
    private static ObjectNode normalized(ObjectNode node) {
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
