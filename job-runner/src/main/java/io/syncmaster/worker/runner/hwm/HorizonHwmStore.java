package io.syncmaster.worker.runner.hwm;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link HwmStore} in one Horizon namespace, as horizon-hwm-store 1.1.4 does it (hwm-contract §1.3–1.5): the
 * namespace is found by exact name or created (a 409 race with another worker re-reads it); an HWM is found with
 * {@code GET /v1/hwm/?namespace_id&name} (absent = empty page, never a 404), created with POST and updated with a
 * PATCH of all six fields. The redundant calls of the Python client (a second namespace lookup, a GET by id after
 * the find) are not replayed; the resulting Horizon state is the same. A create that meets a 409 (a retried POST
 * whose first attempt did arrive) updates instead.
 */
public final class HorizonHwmStore implements HwmStore {
    private static final Logger LOG = LoggerFactory.getLogger(HorizonHwmStore.class);

    private final HorizonClient client;
    private final String namespace;
    private Long namespaceId;

    public HorizonHwmStore(HorizonClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The id of the namespace, created when missing ({@code force_create_namespace()}). */
    public synchronized long namespaceId() {
        if (namespaceId == null) {
            namespaceId = findNamespace().orElseGet(this::createNamespace);
        }
        return namespaceId;
    }

    private Optional<Long> findNamespace() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", "1");
        query.put("page_size", "20");
        query.put("name", namespace);
        for (JsonNode item : client.get("/v1/namespaces/", query).path("items")) {
            if (namespace.equals(item.path("name").asText())) {
                return Optional.of(item.path("id").asLong());
            }
        }
        return Optional.empty();
    }

    private long createNamespace() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", namespace).put("description", "");
        try {
            long id = client.post("/v1/namespaces/", body).path("id").asLong();
            LOG.info("Horizon namespace '{}' created (id {})", namespace, id);
            return id;
        } catch (HorizonException e) {
            if (e.status() == 409) {
                return findNamespace().orElseThrow(() -> new HwmStoreException("Horizon namespace '" + namespace
                        + "' was reported as existing but cannot be found"));
            }
            throw e;
        }
    }

    @Override
    public Optional<Hwm> get(String name) {
        return find(name).map(item -> parse(name, item));
    }

    @Override
    public void save(Hwm hwm) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("name", hwm.name());
        fields.put("description", hwm.description());
        fields.put("type", hwm.type().typeName());
        fields.set("value", hwm.type().encode(hwm.value()));
        fields.put("entity", hwm.entity());
        fields.put("expression", hwm.expression());
        Optional<JsonNode> existing = find(hwm.name());
        if (existing.isPresent()) {
            patch(existing.get().path("id").asLong(), fields);
            return;
        }
        ObjectNode create = JsonNodeFactory.instance.objectNode().put("namespace_id", namespaceId());
        create.setAll(fields);
        try {
            client.post("/v1/hwm/", create);
        } catch (HorizonException e) {
            if (e.status() != 409) {
                throw e;
            }
            LOG.info("HWM '{}' appeared while it was being created; updating it", hwm.name());
            patch(find(hwm.name()).orElseThrow(() -> e).path("id").asLong(), fields);
        }
    }

    private void patch(long id, ObjectNode fields) {
        client.patch("/v1/hwm/" + id, fields);
    }

    private Optional<JsonNode> find(String name) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("namespace_id", Long.toString(namespaceId()));
        query.put("name", name);
        JsonNode last = null;
        for (JsonNode item : client.get("/v1/hwm/", query).path("items")) {
            if (name.equals(item.path("name").asText())) {
                last = item; // the Python client takes items[-1]
            }
        }
        return Optional.ofNullable(last);
    }

    private Hwm parse(String name, JsonNode item) {
        String typeName = item.path("type").asText();
        HwmType type = HwmType.fromTypeName(typeName).orElseThrow(() -> new HwmStoreException("HWM '" + name
                + "' in Horizon namespace '" + namespace + "' has type '" + typeName + "', which SyncMaster does not write"));
        String entity = textOrNull(item.path("entity"));
        Optional<HwmValue> value;
        try {
            value = type.decode(item.get("value"), entity);
        } catch (IllegalArgumentException e) {
            throw new HwmStoreException("HWM '" + name + "' in Horizon namespace '" + namespace + "' has an invalid value: "
                    + e.getMessage(), e);
        }
        return new Hwm(name, type, entity, textOrNull(item.path("expression")), item.path("description").asText(""),
                value, changedAt(item.path("changed_at").asText(null)));
    }

    private static Instant changedAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    @Override
    public void close() {
        // HttpClient of Java 17 has nothing to close; the token simply expires
    }

    @Override
    public String toString() {
        return "HorizonHwmStore[" + client + ", namespace=" + namespace + "]";
    }
}
