package io.syncmaster.worker.celery;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a raw AMQP message into a {@link CeleryTask}, or into a precise rejection reason.
 *
 * <p>It exists because the Python worker is lenient in dangerous ways (contract §2.6): a known task with a body of the
 * wrong shape crashes it and leaves a poison message behind. This decoder accepts exactly what SyncMaster sends —
 * Celery protocol 2 (headers {@code task}, {@code id}, optional {@code CORRELATION_ID}; JSON body
 * {@code [args, kwargs, embed]}) and the older protocol 1 (everything in a JSON object body) — for the single task
 * {@value #RUN_TRANSFER_TASK}, whose Python signature is {@code run_transfer_task(run_id)}. Everything else is
 * {@link DecodeResult.Invalid} with a one-line reason.
 *
 * <p>Stateless and thread-safe.
 */
public final class CeleryMessageDecoder {

    /** The only task SyncMaster publishes. */
    public static final String RUN_TRANSFER_TASK = "run_transfer_task";
    /** Protocol 2 header carrying the task name; its absence means protocol 1. */
    public static final String TASK_HEADER = "task";
    /** Protocol 2 header carrying the task id. */
    public static final String ID_HEADER = "id";
    /** Header added by asgi-correlation-id's Celery hook on the server's HTTP path (contract §2.5.4). */
    public static final String CORRELATION_ID_HEADER = "CORRELATION_ID";

    private static final Logger LOG = LoggerFactory.getLogger(CeleryMessageDecoder.class);

    private static final String JSON_CONTENT_TYPE = "application/json";
    private static final String RUN_ID = "run_id";
    private static final int MAX_QUOTED_LENGTH = 100;
    private static final int MAX_PARSER_MESSAGE_LENGTH = 200;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // exact decimal values, so that 42.0 is recognised as integral and 1e30 as out of range
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Decodes one message. Never throws for bad input: every problem becomes {@link DecodeResult.Invalid}.
     *
     * @param props the message properties (may carry {@code null} headers)
     * @param body  the raw body
     */
    public DecodeResult decode(AMQP.BasicProperties props, byte[] body) {
        try {
            return new DecodeResult.Valid(decodeOrReject(props, body == null ? new byte[0] : body));
        } catch (Rejection rejection) {
            return new DecodeResult.Invalid(rejection.getMessage());
        }
    }

    /**
     * A best-effort identifier of a message for logs and Events, available even when it cannot be decoded: the
     * {@code id} header, else the {@code correlation_id} property, else the {@code message_id} property, else
     * {@code "(no message id)"}. The value is sanitised (control characters escaped, length bounded).
     */
    public static String messageIdOf(AMQP.BasicProperties props) {
        Map<String, Object> headers = props == null ? null : props.getHeaders();
        Object idHeader = headers == null ? null : headers.get(ID_HEADER);
        String candidate = null;
        if (idHeader instanceof LongString || idHeader instanceof String) {
            candidate = idHeader.toString();
        }
        if (isBlank(candidate) && props != null) {
            candidate = props.getCorrelationId();
        }
        if (isBlank(candidate) && props != null) {
            candidate = props.getMessageId();
        }
        return isBlank(candidate) ? "(no message id)" : sanitise(candidate);
    }

    private CeleryTask decodeOrReject(AMQP.BasicProperties props, byte[] body) throws Rejection {
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
        String correlationIdHeader = optionalStringHeader(headers, CORRELATION_ID_HEADER);
        if (headers.containsKey(TASK_HEADER)) {
            return decodeProtocol2(props, headers, body, correlationIdHeader);
        }
        return decodeProtocol1(props, body, correlationIdHeader);
    }

    private CeleryTask decodeProtocol2(AMQP.BasicProperties props, Map<String, Object> headers, byte[] body,
                                       String correlationIdHeader) throws Rejection {
        String taskName = requiredStringHeader(headers, TASK_HEADER);
        requireKnownTask(taskName);
        String taskId = requiredStringHeader(headers, ID_HEADER);
        JsonNode root = parseJsonBody(props, body);
        if (!root.isArray()) {
            throw new Rejection("protocol 2 body must be a JSON array [args, kwargs, embed], got " + describe(root));
        }
        if (root.size() != 3) {
            throw new Rejection("protocol 2 body must be a JSON array [args, kwargs, embed], got an array of "
                    + root.size() + " element" + (root.size() == 1 ? "" : "s"));
        }
        JsonNode args = root.get(0);
        JsonNode kwargs = root.get(1);
        JsonNode embed = root.get(2);
        if (!args.isArray()) {
            throw new Rejection("protocol 2 body: args (element 0) must be a JSON array, got " + describe(args));
        }
        if (!kwargs.isObject()) {
            throw new Rejection("protocol 2 body: kwargs (element 1) must be a JSON object, got " + describe(kwargs));
        }
        if (!embed.isObject() && !embed.isNull()) {
            throw new Rejection("protocol 2 body: embed (element 2) must be a JSON object or null, got " + describe(embed));
        }
        return new CeleryTask(taskId, taskName, runIdOf(args, kwargs), correlationIdHeader, 2);
    }

    private CeleryTask decodeProtocol1(AMQP.BasicProperties props, byte[] body, String correlationIdHeader)
            throws Rejection {
        JsonNode root = parseJsonBody(props, body);
        if (!root.isObject()) {
            throw new Rejection("no 'task' header, and the body is not a protocol 1 task message"
                    + " (expected a JSON object with a 'task' key, got " + describe(root) + ")");
        }
        if (!root.has(TASK_HEADER)) {
            throw new Rejection("no 'task' header, and the body has no 'task' key: not a Celery task message");
        }
        JsonNode task = root.get(TASK_HEADER);
        if (!task.isTextual()) {
            throw new Rejection("protocol 1 body: 'task' must be a string, got " + describe(task));
        }
        String taskName = task.textValue();
        requireKnownTask(taskName);
        JsonNode id = root.get("id");
        if (id == null) {
            throw new Rejection("protocol 1 body: 'id' missing");
        }
        if (!id.isTextual() || id.textValue().isEmpty()) {
            throw new Rejection("protocol 1 body: 'id' must be a non-empty string, got " + describe(id));
        }
        JsonNode args = root.has("args") ? root.get("args") : mapper.createArrayNode();
        JsonNode kwargs = root.has("kwargs") ? root.get("kwargs") : mapper.createObjectNode();
        if (!args.isArray()) {
            throw new Rejection("protocol 1 body: 'args' must be a JSON array, got " + describe(args));
        }
        if (!kwargs.isObject()) {
            throw new Rejection("protocol 1 body: 'kwargs' must be a JSON object, got " + describe(kwargs));
        }
        return new CeleryTask(id.textValue(), taskName, runIdOf(args, kwargs), correlationIdHeader, 1);
    }

    private static void requireKnownTask(String taskName) throws Rejection {
        if (!RUN_TRANSFER_TASK.equals(taskName)) {
            throw new Rejection("unknown task " + quote(taskName) + " (only '" + RUN_TRANSFER_TASK + "' is accepted)");
        }
    }

    /** Binds args/kwargs to the Python signature {@code run_transfer_task(run_id)}, as Python would, and validates it. */
    private static long runIdOf(JsonNode args, JsonNode kwargs) throws Rejection {
        if (args.size() > 1) {
            throw new Rejection("too many positional arguments: " + RUN_TRANSFER_TASK + " takes 1 (run_id), got "
                    + args.size());
        }
        for (Iterator<String> names = kwargs.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RUN_ID.equals(name)) {
                throw new Rejection("unexpected keyword argument " + quote(name));
            }
        }
        boolean positional = args.size() == 1;
        boolean keyword = kwargs.has(RUN_ID);
        if (positional && keyword) {
            throw new Rejection("run_id given both as positional and keyword argument");
        }
        if (!positional && !keyword) {
            throw new Rejection("run_id missing");
        }
        return toRunId(positional ? args.get(0) : kwargs.get(RUN_ID));
    }

    private static long toRunId(JsonNode value) throws Rejection {
        long runId;
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new Rejection("run_id out of range: " + quote(value.asText()));
            }
            runId = value.longValue();
        } else if (value.isFloatingPointNumber()) {
            BigDecimal decimal = value.decimalValue();
            if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
                throw new Rejection("run_id must be an integer, got float " + quote(decimal.toString()));
            }
            try {
                runId = decimal.longValueExact();
            } catch (ArithmeticException e) {
                throw new Rejection("run_id out of range: " + quote(decimal.toString()));
            }
        } else {
            throw new Rejection("run_id must be an integer, got " + describe(value));
        }
        if (runId <= 0) {
            throw new Rejection("run_id must be a positive integer, got " + runId);
        }
        return runId;
    }

    private JsonNode parseJsonBody(AMQP.BasicProperties props, byte[] body) throws Rejection {
        requireJsonContentType(props.getContentType());
        requireUtf8Encoding(props.getContentEncoding());
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Rejection("body is not valid UTF-8");
        }
        if (text.isBlank()) {
            throw new Rejection("body is empty");
        }
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            throw new Rejection("body is not valid JSON: " + parserMessage(e));
        }
    }

    private static void requireJsonContentType(String contentType) throws Rejection {
        if (contentType == null || contentType.isBlank()) {
            throw new Rejection("content type missing (expected '" + JSON_CONTENT_TYPE + "')");
        }
        String[] parts = contentType.split(";");
        if (!JSON_CONTENT_TYPE.equals(parts[0].trim().toLowerCase(Locale.ROOT))) {
            throw new Rejection("unsupported content type " + quote(contentType) + " (expected '" + JSON_CONTENT_TYPE + "')");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (parameter.startsWith("charset=") && !isUtf8(parameter.substring("charset=".length()).replace("\"", ""))) {
                throw new Rejection("unsupported content type " + quote(contentType) + " (only charset utf-8 is accepted)");
            }
        }
    }

    private static void requireUtf8Encoding(String contentEncoding) throws Rejection {
        if (contentEncoding != null && !isUtf8(contentEncoding.trim().toLowerCase(Locale.ROOT))) {
            throw new Rejection("unsupported content encoding " + quote(contentEncoding) + " (expected 'utf-8')");
        }
    }

    private static boolean isUtf8(String charset) {
        return charset.equals("utf-8") || charset.equals("utf8");
    }

    private static String requiredStringHeader(Map<String, Object> headers, String name) throws Rejection {
        if (!headers.containsKey(name)) {
            throw new Rejection(name + " header missing");
        }
        Object value = headers.get(name);
        if (!(value instanceof LongString) && !(value instanceof String)) {
            throw new Rejection(name + " header must be a string, got " + describeHeaderValue(value));
        }
        String text = value.toString();
        if (text.isEmpty()) {
            throw new Rejection(name + " header is empty");
        }
        return text;
    }

    /**
     * An optional string header: absent, AMQP void or any non-string value gives {@code null}. A run must not become a
     * poison message because of a header it can do without (the correlation id only feeds the log URL; the Python
     * worker would fall back to a fresh one too).
     */
    private static String optionalStringHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof LongString) && !(value instanceof String)) {
            LOG.warn("Ignoring the {} header of a message: it is {}, not a string", name, describeHeaderValue(value));
            return null;
        }
        return value.toString();
    }

    private static String describe(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "array";
            case OBJECT:
                return "object";
            case STRING:
                return "string";
            case BOOLEAN:
                return "boolean";
            case NULL:
                return "null";
            case NUMBER:
                return node.isIntegralNumber() ? "integer" : "float";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static String describeHeaderValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return "integer";
        }
        if (value instanceof Float || value instanceof Double) {
            return "float";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof Map) {
            return "table";
        }
        if (value instanceof byte[]) {
            return "byte array";
        }
        if (value instanceof Date) {
            return "timestamp";
        }
        return value.getClass().getSimpleName();
    }

    private static String parserMessage(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message = truncate(message.replaceAll("\\s+", " ").trim(), MAX_PARSER_MESSAGE_LENGTH);
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }

    /** A value from the message, single-quoted, with control characters escaped and its length bounded. */
    private static String quote(String value) {
        return "'" + sanitise(value) + "'";
    }

    private static String sanitise(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_QUOTED_LENGTH).forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (value.codePointCount(0, value.length()) > MAX_QUOTED_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Flow control for the decode steps; carries the reason, no stack trace. */
    private static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;

        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }
}
