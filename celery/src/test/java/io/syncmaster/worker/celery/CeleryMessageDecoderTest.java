package io.syncmaster.worker.celery;

import io.syncmaster.worker.celery.testing.CeleryMessages;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.syncmaster.worker.celery.testing.CeleryMessages.CORRELATION_ID;
import static io.syncmaster.worker.celery.testing.CeleryMessages.TASK_ID;
import static io.syncmaster.worker.celery.testing.CeleryMessages.ls;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol1Body;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol1Properties;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Body;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Headers;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Properties;
import static io.syncmaster.worker.celery.testing.CeleryMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class CeleryMessageDecoderTest {

    private final CeleryMessageDecoder decoder = new CeleryMessageDecoder();

    private CeleryTask valid(AMQP.BasicProperties props, byte[] body) {
        DecodeResult result = decoder.decode(props, body);
        assertThat(result).isInstanceOf(DecodeResult.Valid.class);
        return ((DecodeResult.Valid) result).task();
    }

    private String invalid(AMQP.BasicProperties props, byte[] body) {
        DecodeResult result = decoder.decode(props, body);
        assertThat(result).isInstanceOf(DecodeResult.Invalid.class);
        return ((DecodeResult.Invalid) result).reason();
    }

    /** Protocol 2 with the server's exact headers and the given body. */
    private String invalidProtocol2Body(String body) {
        return invalid(protocol2(TASK_ID, 42, null), utf8(body));
    }

    private static AMQP.BasicProperties protocol2WithHeader(String name, Object value) {
        Map<String, Object> headers = protocol2Headers(TASK_ID, 42, null);
        headers.put(name, value);
        return protocol2Properties(TASK_ID, headers).build();
    }

    private static AMQP.BasicProperties protocol2WithoutHeader(String name) {
        Map<String, Object> headers = protocol2Headers(TASK_ID, 42, null);
        headers.remove(name);
        return protocol2Properties(TASK_ID, headers).build();
    }

    // ---- Protocol2Accepted

    @Test
    void serverMessageWithCorrelationIdHeader() {
        CeleryTask task = valid(protocol2(TASK_ID, 42, CORRELATION_ID), protocol2Body(42));

        assertThat(task).isEqualTo(new CeleryTask(TASK_ID, "run_transfer_task", 42, CORRELATION_ID, 2));
    }

    @Test
    void schedulerMessageWithoutCorrelationIdHeader() {
        CeleryTask task = valid(protocol2(TASK_ID, 42, null), protocol2Body(42));

        assertThat(task).isEqualTo(new CeleryTask(TASK_ID, "run_transfer_task", 42, null, 2));
    }

    @Test
    void voidCorrelationIdHeaderMeansAbsent() {
        CeleryTask task = valid(protocol2WithHeader("CORRELATION_ID", null), protocol2Body(42));

        assertThat(task.correlationIdHeader()).isNull();
    }

    @Test
    void clientSuppliedCorrelationIdIsKeptVerbatim() {
        CeleryTask task = valid(protocol2(TASK_ID, 42, "my request / ünïcode"), protocol2Body(42));

        assertThat(task.correlationIdHeader()).isEqualTo("my request / ünïcode");
    }

    @Test
    void runIdAsFirstPositionalArgument() {
        CeleryTask task = valid(protocol2(TASK_ID, 7, null), utf8("[[7], {}, {\"callbacks\": null}]"));

        assertThat(task.runId()).isEqualTo(7);
    }

    @Test
    void nullEmbedIsAccepted() {
        assertThat(valid(protocol2(TASK_ID, 5, null), utf8("[[], {\"run_id\": 5}, null]")).runId()).isEqualTo(5);
    }

    @Test
    void headersAsPlainJavaStringsAreAccepted() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("task", "run_transfer_task");
        headers.put("id", "plain-id");
        headers.put("CORRELATION_ID", "plain-correlation");
        AMQP.BasicProperties props = protocol2Properties("plain-id", headers).build();

        assertThat(valid(props, protocol2Body(3)))
                .isEqualTo(new CeleryTask("plain-id", "run_transfer_task", 3, "plain-correlation", 2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42.0                | 42",
            "4.2e1               | 42",
            "9223372036854775807 | 9223372036854775807",
            "1                   | 1"})
    void integralNumbersAreAccepted(String json, long expected) {
        CeleryTask task = valid(protocol2(TASK_ID, 1, null), utf8("[[], {\"run_id\": " + json + "}, {}]"));

        assertThat(task.runId()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/json;charset=\"UTF-8\""})
    void jsonContentTypeVariants(String contentType) {
        AMQP.BasicProperties props = protocol2(TASK_ID, 42, null).builder().contentType(contentType).build();

        assertThat(valid(props, protocol2Body(42)).runId()).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "utf8"})
    void utf8EncodingVariants(String encoding) {
        AMQP.BasicProperties props = protocol2(TASK_ID, 42, null).builder().contentEncoding(encoding).build();

        assertThat(valid(props, protocol2Body(42)).runId()).isEqualTo(42);
    }

    @Test
    void missingContentEncodingMeansUtf8() {
        AMQP.BasicProperties props = protocol2(TASK_ID, 42, null).builder().contentEncoding(null).build();

        assertThat(valid(props, protocol2Body(42)).runId()).isEqualTo(42);
    }

    // ---- Protocol1Accepted

    @Test
    void runIdAsKeywordArgument() {
        CeleryTask task = valid(protocol1Properties("p1-id").build(), protocol1Body("p1-id", "[]", "{\"run_id\": 9}"));

        assertThat(task).isEqualTo(new CeleryTask("p1-id", "run_transfer_task", 9, null, 1));
    }

    @Test
    void runIdAsPositionalArgument() {
        CeleryTask task = valid(protocol1Properties("p1-id").build(), protocol1Body("p1-id", "[11]", "{}"));

        assertThat(task.runId()).isEqualTo(11);
    }

    @Test
    void correlationIdHeaderIsReadFromTheAmqpHeaders() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("CORRELATION_ID", ls(CORRELATION_ID));
        AMQP.BasicProperties props = protocol1Properties("p1-id").headers(headers).build();

        assertThat(valid(props, protocol1Body("p1-id", "[]", "{\"run_id\": 9}")).correlationIdHeader())
                .isEqualTo(CORRELATION_ID);
    }

    @Test
    void noHeadersAtAllAndMinimalBody() {
        AMQP.BasicProperties props = protocol1Properties("p1-id").headers(null).build();

        CeleryTask task = valid(props, utf8("{\"task\": \"run_transfer_task\", \"id\": \"x1\", \"args\": [12]}"));

        assertThat(task).isEqualTo(new CeleryTask("x1", "run_transfer_task", 12, null, 1));
    }

    // ---- BodyRejected

    @Test
    void notJson() {
        assertThat(invalidProtocol2Body("not json at all"))
                .startsWith("body is not valid JSON: ")
                .contains("line 1, column");
    }

    @Test
    void trailingGarbageAfterJson() {
        assertThat(invalidProtocol2Body("[[], {\"run_id\": 1}, {}] trailing")).startsWith("body is not valid JSON: ");
    }

    @Test
    void notUtf8() {
        byte[] latin1 = {'[', '[', ']', ',', '{', '"', 'r', (byte) 0xE9, '"', ':', '1', '}', ',', '{', '}', ']'};

        assertThat(invalid(protocol2(TASK_ID, 1, null), latin1)).isEqualTo("body is not valid UTF-8");
    }

    @Test
    void empty() {
        assertThat(invalid(protocol2(TASK_ID, 1, null), new byte[0])).isEqualTo("body is empty");
    }

    @Test
    void twoElementArray() {
        assertThat(invalidProtocol2Body("[[], {\"run_id\": 42}]"))
                .isEqualTo("protocol 2 body must be a JSON array [args, kwargs, embed], got an array of 2 elements");
    }

    @Test
    void fourElementArray() {
        assertThat(invalidProtocol2Body("[[], {\"run_id\": 42}, {}, {}]"))
                .isEqualTo("protocol 2 body must be a JSON array [args, kwargs, embed], got an array of 4 elements");
    }

    @Test
    void objectBodyWithTaskHeader() {
        assertThat(invalidProtocol2Body("{\"run_id\": 5}"))
                .isEqualTo("protocol 2 body must be a JSON array [args, kwargs, embed], got object");
    }

    @Test
    void argsNotAnArray() {
        assertThat(invalidProtocol2Body("[{}, {\"run_id\": 42}, {}]"))
                .isEqualTo("protocol 2 body: args (element 0) must be a JSON array, got object");
    }

    @Test
    void kwargsNotAnObject() {
        assertThat(invalidProtocol2Body("[[], [42], {}]"))
                .isEqualTo("protocol 2 body: kwargs (element 1) must be a JSON object, got array");
    }

    @Test
    void embedNotAnObject() {
        assertThat(invalidProtocol2Body("[[], {\"run_id\": 42}, \"x\"]"))
                .isEqualTo("protocol 2 body: embed (element 2) must be a JSON object or null, got string");
    }

    // ---- RunIdRejected

    @Test
    void missing() {
        assertThat(invalidProtocol2Body("[[], {}, {}]")).isEqualTo("run_id missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4.5                  | run_id must be an integer, got float '4.5'",
            "\"42\"               | run_id must be an integer, got string",
            "true                 | run_id must be an integer, got boolean",
            "null                 | run_id must be an integer, got null",
            "[42]                 | run_id must be an integer, got array",
            "{\"id\": 42}         | run_id must be an integer, got object",
            "-3                   | run_id must be a positive integer, got -3",
            "0                    | run_id must be a positive integer, got 0",
            "0.0                  | run_id must be a positive integer, got 0",
            "9223372036854775808  | run_id out of range: '9223372036854775808'",
            "1e30                 | run_id out of range: '1E+30'"})
    void badValueAsKeyword(String json, String reason) {
        assertThat(invalidProtocol2Body("[[], {\"run_id\": " + json + "}, {}]")).isEqualTo(reason);
    }

    @Test
    void badValueAsPositional() {
        assertThat(invalidProtocol2Body("[[\"7\"], {}, {}]")).isEqualTo("run_id must be an integer, got string");
    }

    @Test
    void givenTwice() {
        assertThat(invalidProtocol2Body("[[7], {\"run_id\": 7}, {}]"))
                .isEqualTo("run_id given both as positional and keyword argument");
    }

    @Test
    void tooManyPositionalArguments() {
        assertThat(invalidProtocol2Body("[[7, 8], {}, {}]"))
                .isEqualTo("too many positional arguments: run_transfer_task takes 1 (run_id), got 2");
    }

    @Test
    void unexpectedKeywordArgument() {
        assertThat(invalidProtocol2Body("[[], {\"run_id\": 7, \"force\": true}, {}]"))
                .isEqualTo("unexpected keyword argument 'force'");
    }

    // ---- HeadersAndPropertiesRejected

    @Test
    void unknownTask() {
        assertThat(invalid(protocol2WithHeader("task", ls("send_email")), protocol2Body(1)))
                .isEqualTo("unknown task 'send_email' (only 'run_transfer_task' is accepted)");
    }

    @Test
    void unknownTaskNameIsSanitisedAndBounded() {
        String name = "evil\nname" + "x".repeat(300);

        String reason = invalid(protocol2WithHeader("task", ls(name)), protocol2Body(1));

        assertThat(reason).startsWith("unknown task 'evil\\u000aname").doesNotContain("\n").hasSizeLessThan(200);
    }

    @Test
    void taskHeaderNotAString() {
        assertThat(invalid(protocol2WithHeader("task", 5), protocol2Body(1)))
                .isEqualTo("task header must be a string, got integer");
    }

    @Test
    void taskHeaderVoid() {
        assertThat(invalid(protocol2WithHeader("task", null), protocol2Body(1)))
                .isEqualTo("task header must be a string, got null");
    }

    @Test
    void idHeaderMissing() {
        assertThat(invalid(protocol2WithoutHeader("id"), protocol2Body(1))).isEqualTo("id header missing");
    }

    @Test
    void idHeaderEmpty() {
        assertThat(invalid(protocol2WithHeader("id", ls("")), protocol2Body(1))).isEqualTo("id header is empty");
    }

    @Test
    void aCorrelationIdHeaderThatIsNotAStringIsTreatedAsAbsentNotAsPoison() {
        assertThat(valid(protocol2WithHeader("CORRELATION_ID", List.of(1)), protocol2Body(1)).correlationIdHeader()).isNull();
        assertThat(valid(protocol2WithHeader("CORRELATION_ID", 7), protocol2Body(1)))
                .isEqualTo(new CeleryTask(TASK_ID, "run_transfer_task", 1, null, 2));
    }

    @Test
    void pickleContentType() {
        AMQP.BasicProperties props = protocol2(TASK_ID, 1, null).builder()
                .contentType("application/x-python-serialize").contentEncoding("binary").build();

        assertThat(invalid(props, new byte[]{(byte) 0x80, 0x04, (byte) 0x95}))
                .isEqualTo("unsupported content type 'application/x-python-serialize' (expected 'application/json')");
    }

    @Test
    void missingContentType() {
        AMQP.BasicProperties props = protocol2(TASK_ID, 1, null).builder().contentType(null).build();

        assertThat(invalid(props, protocol2Body(1))).isEqualTo("content type missing (expected 'application/json')");
    }

    @Test
    void nonUtf8Charset() {
        AMQP.BasicProperties props = protocol2(TASK_ID, 1, null).builder()
                .contentType("application/json; charset=latin-1").build();

        assertThat(invalid(props, protocol2Body(1)))
                .isEqualTo("unsupported content type 'application/json; charset=latin-1' (only charset utf-8 is accepted)");
    }

    @Test
    void nonUtf8ContentEncoding() {
        AMQP.BasicProperties props = protocol2(TASK_ID, 1, null).builder().contentEncoding("binary").build();

        assertThat(invalid(props, protocol2Body(1))).isEqualTo("unsupported content encoding 'binary' (expected 'utf-8')");
    }

    // ---- NoTaskHeaderRejected

    @Test
    void decodableBodyWithoutTaskKey() {
        assertThat(invalid(protocol1Properties("x").build(), utf8("{\"run_id\": 5}")))
                .isEqualTo("no 'task' header, and the body has no 'task' key: not a Celery task message");
    }

    @Test
    void protocol2BodyWithoutHeaders() {
        assertThat(invalid(protocol1Properties("x").build(), protocol2Body(5)))
                .isEqualTo("no 'task' header, and the body is not a protocol 1 task message"
                        + " (expected a JSON object with a 'task' key, got array)");
    }

    @Test
    void undecodableBody() {
        assertThat(invalid(protocol1Properties("x").build(), utf8("{oops")))
                .startsWith("body is not valid JSON: ");
    }

    @Test
    void pickleBody() {
        AMQP.BasicProperties props = protocol1Properties("x").contentType("application/x-python-serialize").build();

        assertThat(invalid(props, new byte[]{(byte) 0x80, 0x04}))
                .startsWith("unsupported content type 'application/x-python-serialize'");
    }

    @Test
    void protocol1UnknownTask() {
        assertThat(invalid(protocol1Properties("x").build(), utf8("{\"task\": \"other\", \"id\": \"x\", \"args\": [1]}")))
                .isEqualTo("unknown task 'other' (only 'run_transfer_task' is accepted)");
    }

    @Test
    void protocol1TaskNotAString() {
        assertThat(invalid(protocol1Properties("x").build(), utf8("{\"task\": 1, \"id\": \"x\"}")))
                .isEqualTo("protocol 1 body: 'task' must be a string, got integer");
    }

    @Test
    void protocol1IdMissing() {
        assertThat(invalid(protocol1Properties("x").build(), utf8("{\"task\": \"run_transfer_task\", \"args\": [1]}")))
                .isEqualTo("protocol 1 body: 'id' missing");
    }

    @Test
    void protocol1ArgsNotAnArray() {
        assertThat(invalid(protocol1Properties("x").build(),
                utf8("{\"task\": \"run_transfer_task\", \"id\": \"x\", \"args\": null, \"kwargs\": {\"run_id\": 1}}")))
                .isEqualTo("protocol 1 body: 'args' must be a JSON array, got null");
    }

    @Test
    void protocol1KwargsNotAnObject() {
        assertThat(invalid(protocol1Properties("x").build(), protocol1Body("x", "[]", "[1]")))
                .isEqualTo("protocol 1 body: 'kwargs' must be a JSON object, got array");
    }

    @Test
    void protocol1RunIdString() {
        assertThat(invalid(protocol1Properties("x").build(), protocol1Body("x", "[]", "{\"run_id\": \"1\"}")))
                .isEqualTo("run_id must be an integer, got string");
    }

    // ---- MessageIdForLogs

    @Test
    void prefersTheIdHeader() {
        AMQP.BasicProperties props = protocol2(TASK_ID, 1, null).builder().correlationId("other").build();

        assertThat(CeleryMessageDecoder.messageIdOf(props)).isEqualTo(TASK_ID);
    }

    @Test
    void fallsBackToCorrelationIdThenMessageId() {
        assertThat(CeleryMessageDecoder.messageIdOf(protocol1Properties("corr").build())).isEqualTo("corr");
        assertThat(CeleryMessageDecoder.messageIdOf(new AMQP.BasicProperties.Builder().messageId("m-1").build()))
                .isEqualTo("m-1");
    }

    @Test
    void placeholderWhenNothingIdentifiesTheMessage() {
        assertThat(CeleryMessageDecoder.messageIdOf(new AMQP.BasicProperties())).isEqualTo("(no message id)");
    }
}
