package io.syncmaster.worker.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON text byte for byte as Python's {@code json.dumps} does.
 *
 * <p>SyncMaster stores JSON columns with {@code json.dumps(value)} (separators {@code ", "} and {@code ": "},
 * non-ASCII escaped as {@code \\uXXXX}) and encrypts credentials as
 * {@code json.dumps(value, sort_keys=True, ensure_ascii=False)}. Jackson's output differs in spacing and
 * escaping, so fixtures and the credential cipher use this writer to produce the same bytes as the server.
 *
 * <p>Accepted values: {@code null}, {@link String}, {@link Character}, {@link Boolean}, {@link Number},
 * {@link Map} (keys turned into strings like Python does for str/int/float/bool/None keys),
 * {@link Collection}, arrays of objects, and Jackson {@link JsonNode}s.
 */
public final class PythonJson {

    private final boolean sortKeys;
    private final boolean ensureAscii;

    private PythonJson(boolean sortKeys, boolean ensureAscii) {
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
    }

    /** {@code json.dumps(value)}: insertion order, ASCII-only output. Used for SyncMaster's JSON columns. */
    public static String dumps(Object value) {
        return new PythonJson(false, true).write(value);
    }

    /** {@code json.dumps(value, sort_keys=sortKeys, ensure_ascii=ensureAscii)}. */
    public static String dumps(Object value, boolean sortKeys, boolean ensureAscii) {
        return new PythonJson(sortKeys, ensureAscii).write(value);
    }

    /** {@code json.dumps(value, sort_keys=True, ensure_ascii=False)}: the plaintext of an auth_data token. */
    public static String dumpsSortedUnicode(Object value) {
        return new PythonJson(true, false).write(value);
    }

    private String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private void append(StringBuilder out, Object value) {
        if (value instanceof JsonNode node) {
            appendNode(out, node);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character) {
            appendString(out, value.toString());
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Number n) {
            out.append(number(n));
        } else if (value instanceof Map<?, ?> map) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NullValue.INSTANCE : e.getValue()));
            }
            appendObject(out, entries);
        } else if (value instanceof Collection<?> items) {
            appendArray(out, items.iterator());
        } else if (value instanceof Object[] items) {
            appendArray(out, List.of(items).iterator());
        } else if (value == NullValue.INSTANCE) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private void appendNode(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                entries.add(Map.entry(e.getKey(), e.getValue()));
            }
            appendObject(out, entries);
        } else if (node.isArray()) {
            Iterator<?> elements = node.elements();
            appendArray(out, elements);
        } else if (node.isTextual()) {
            appendString(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isNumber()) {
            out.append(number(node.numberValue()));
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("cannot write a JSON node of type " + node.getNodeType());
        }
    }

    private void appendObject(StringBuilder out, List<Map.Entry<String, Object>> entries) {
        if (sortKeys) {
            // Python sorts str keys by code point; String.compareTo sorts by UTF-16 unit, which differs only
            // for supplementary characters, so compare code points explicitly.
            entries.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            appendString(out, e.getKey());
            out.append(": ");
            append(out, e.getValue() == NullValue.INSTANCE ? null : e.getValue());
        }
        out.append('}');
    }

    private void appendArray(StringBuilder out, Iterator<?> items) {
        out.append('[');
        boolean first = true;
        while (items.hasNext()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            append(out, items.next());
        }
        out.append(']');
    }

    private void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        // Python escapes every non-ASCII UTF-16 unit (surrogate pairs as two escapes), and
                        // DEL (0x7f) only when ensure_ascii is on.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String key(Object key) {
        if (key == null) {
            return "null";
        }
        if (key instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (key instanceof Number n) {
            return number(n);
        }
        if (key instanceof CharSequence || key instanceof Character) {
            return key.toString();
        }
        throw new IllegalArgumentException("JSON object keys must be strings, numbers or booleans, not "
                + key.getClass().getName());
    }

    /** Python's {@code str()} / {@code repr()} of an int or float, as {@code json.dumps} writes it. */
    public static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return floatRepr(n.doubleValue());
        }
        if (n instanceof BigDecimal d) {
            return floatRepr(d.doubleValue());
        }
        if (n instanceof BigInteger i) {
            return i.toString();
        }
        return Long.toString(n.longValue());
    }

    /**
     * Python's {@code repr(float)}: the shortest round-trip digits, positional notation for exponents in
     * [-4, 16), otherwise {@code 1e+16} style; {@code NaN}, {@code Infinity}, {@code -Infinity} as json.dumps.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.abs().toPlainString();
            if (!plain.contains(".")) {
                plain = plain + ".0";
            }
            return sign + plain;
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Keeps map entries with a null value in the sorted entry list (Map.entry refuses nulls). */
    private enum NullValue { INSTANCE }
}
