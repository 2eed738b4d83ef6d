package io.syncmaster.worker.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings were produced by CPython 3.11's json.dumps with the same input. */
class PythonJsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1e-05);
        inner.put("y", 1e16);
        inner.put("x", 0.1);
        inner.put("w", -0.0);
        inner.put("v", 123456789012345678L);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", Arrays.asList(1, 2.5, null, true, "\u00fc\u2028\u007f\u0001"));
        value.put("a", inner);
        value.put("\u00e9", "\"\\\n\t");
        value.put("\uD83D\uDE00", "\uD83D\uDE00");
        return value;
    }

    @Test
    void defaultDumpsEscapesNonAsciiAndKeepsInsertionOrder() {
        assertThat(PythonJson.dumps(sample())).isEqualTo(
                "{\"b\": [1, 2.5, null, true, \"\\u00fc\\u2028\\u007f\\u0001\"], \"a\": {\"z\": 1e-05, \"y\": 1e+16, "
                        + "\"x\": 0.1, \"w\": -0.0, \"v\": 123456789012345678}, \"\\u00e9\": \"\\\"\\\\\\n\\t\", "
                        + "\"\\ud83d\\ude00\": \"\\ud83d\\ude00\"}");
    }

    @Test
    void sortedUnicodeDumpsMatchesCredentialPlaintext() {
        assertThat(PythonJson.dumpsSortedUnicode(sample())).isEqualTo(
                "{\"a\": {\"v\": 123456789012345678, \"w\": -0.0, \"x\": 0.1, \"y\": 1e+16, \"z\": 1e-05}, "
                        + "\"b\": [1, 2.5, null, true, \"\u00fc\u2028\u007f\\u0001\"], \"\u00e9\": \"\\\"\\\\\\n\\t\", "
                        + "\"\uD83D\uDE00\": \"\uD83D\uDE00\"}");
    }

    @Test
    void floatsPrintLikePythonRepr() {
        Map<Double, String> cases = new LinkedHashMap<>();
        cases.put(1.0, "1.0");
        cases.put(0.5, "0.5");
        cases.put(1e15, "1000000000000000.0");
        cases.put(1e16, "1e+16");
        cases.put(1.5e16, "1.5e+16");
        cases.put(1e-4, "0.0001");
        cases.put(1e-5, "1e-05");
        cases.put(123.456, "123.456");
        cases.put(1e22, "1e+22");
        cases.put(2.5e-7, "2.5e-07");
        cases.put(100.0, "100.0");
        cases.put(1.0 / 3, "0.3333333333333333");
        cases.forEach((value, expected) -> assertThat(PythonJson.floatRepr(value)).as("%s", value).isEqualTo(expected));
    }

    @Test
    void jacksonNodesAndEmptyContainers() throws Exception {
        var node = new ObjectMapper().readTree("{\"type\": \"full\", \"list\": [], \"obj\": {}, \"n\": null, \"f\": 2.0}");
        assertThat(PythonJson.dumps(node))
                .isEqualTo("{\"type\": \"full\", \"list\": [], \"obj\": {}, \"n\": null, \"f\": 2.0}");
        assertThat(PythonJson.dumps(List.of())).isEqualTo("[]");
        assertThat(PythonJson.dumps(Map.of())).isEqualTo("{}");
    }

    @Test
    void unsupportedValuesAreRejected() {
        assertThatThrownBy(() -> PythonJson.dumps(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
