package io.syncmaster.worker.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import io.syncmaster.worker.db.RunRow;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SyncMaster's {@code worker.log_url_template}, rendered with the semantics of
 * {@code jinja2.Template(template).render(run=run, correlation_id=...)} (contract §3.3) through Jinjava.
 *
 * <p>What is reproduced: autoescape off (values inserted raw, no URL-encoding); undefined variables and attributes
 * render as {@code ""}; Python {@code None} renders as {@code None} (and is falsy, and {@code is none});
 * timestamps render like Python's {@code str(datetime)} ({@code 2025-01-02 03:04:05.123456+00:00}); newlines of the
 * template are normalised to {@code \n} and one trailing newline is dropped; syntax errors raise
 * {@link TemplateException}. Lists and dicts print in Python style ({@code ['a', 'b']}).
 *
 * <p>Known differences from Jinja2 (Jinjava's behaviour): an unknown filter renders empty instead of failing;
 * {@code 1 + 'x'} concatenates instead of raising; booleans from {@code extra} render {@code true}/{@code false};
 * {@code == None} compares with Java null (use {@code is none}); {@code run.transfer} and {@code run.transfer_dump}
 * are not available. Immutable and thread-safe.
 */
public final class LogUrlTemplate {

    private static final Jinjava JINJAVA = createJinjava();

    private final String source;

    /**
     * Parses the template.
     *
     * @throws TemplateException if Jinjava reports a syntax error (unclosed tag, unknown tag, missing end tag...)
     */
    public LogUrlTemplate(String template) {
        this.source = normalize(Objects.requireNonNull(template, "template"));
        JinjavaInterpreter interpreter = JINJAVA.newInterpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            interpreter.parse(source);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        failOnErrors(interpreter.getErrors(), "log URL template is invalid");
    }

    private static Jinjava createJinjava() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(false)
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withKeepTrailingNewline(true) // the single trailing newline is dropped by normalize()
                // Jinjava would otherwise render a value containing "{{" as a template again: a client-chosen
                // X-Request-ID (correlation_id) could then evaluate expressions. Jinja never does that.
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerExpTest(new NoneTest());
        return jinjava;
    }

    /** Jinja's lexer: every newline sequence becomes {@code \n}, then one trailing newline is removed. */
    static String normalize(String template) {
        String normalized = template.replace("\r\n", "\n").replace('\r', '\n');
        return normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    /** The template text after newline normalisation. */
    public String source() {
        return source;
    }

    /**
     * Renders the template.
     *
     * @param run           the row as the template should see it ({@code run.id}, {@code run.transfer_id},
     *                      {@code run.status}, {@code run.type}, {@code run.started_at}, {@code run.ended_at},
     *                      {@code run.log_url}, {@code run.created_at}, {@code run.updated_at})
     * @param correlationId {@code correlation_id}; null renders as {@code None}
     * @param extra         further top-level variables (e.g. {@code namespace}, {@code job_name}, {@code transfer_run});
     *                      Java null → None, {@link OffsetDateTime} → Python datetime, maps and lists converted
     *                      recursively. May not redefine {@code run} or {@code correlation_id}.
     * @throws TemplateException if Jinjava reports a fatal or syntax error while rendering
     */
    public String render(RunRow run, String correlationId, Map<String, Object> extra) {
        Objects.requireNonNull(run, "run");
        Map<String, Object> bindings = new LinkedHashMap<>();
        if (extra != null) {
            for (Map.Entry<String, Object> e : extra.entrySet()) {
                if ("run".equals(e.getKey()) || "correlation_id".equals(e.getKey())) {
                    throw new IllegalArgumentException("extra variables may not redefine '" + e.getKey() + "'");
                }
                bindings.put(e.getKey(), toTemplateValue(e.getValue()));
            }
        }
        bindings.put("run", runVariables(run));
        bindings.put("correlation_id", correlationId == null ? PyNone.INSTANCE : correlationId);
        RenderResult result = JINJAVA.renderForResult(source, bindings);
        failOnErrors(result.getErrors(), "log URL template cannot be rendered");
        return result.getOutput();
    }

    /** Renders with no extra variables. */
    public String render(RunRow run, String correlationId) {
        return render(run, correlationId, Map.of());
    }

    /** The {@code run} variable: the row's columns by their SQL names, as SyncMaster's ORM object exposes them. */
    static Map<String, Object> runVariables(RunRow run) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("id", run.id());
        vars.put("transfer_id", run.transferId());
        vars.put("status", run.status() == null ? PyNone.INSTANCE : run.status().name());
        vars.put("type", toTemplateValue(run.type()));
        vars.put("started_at", toTemplateValue(run.startedAt()));
        vars.put("ended_at", toTemplateValue(run.endedAt()));
        vars.put("log_url", toTemplateValue(run.logUrl()));
        vars.put("created_at", toTemplateValue(run.createdAt()));
        vars.put("updated_at", toTemplateValue(run.updatedAt()));
        return vars;
    }

    private static Object toTemplateValue(Object value) {
        if (value == null) {
            return PyNone.INSTANCE;
        }
        if (value instanceof OffsetDateTime time) {
            return new PyDateTime(time);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(k, toTemplateValue(v)));
            return converted;
        }
        if (value instanceof Collection<?> items) {
            List<Object> converted = new ArrayList<>(items.size());
            items.forEach(item -> converted.add(toTemplateValue(item)));
            return converted;
        }
        return value;
    }

    private static void failOnErrors(List<TemplateError> errors, String what) {
        List<String> problems = new ArrayList<>();
        for (TemplateError error : errors) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL
                    || error.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR) {
                String line = error.getLineno() > 0 ? "line " + error.getLineno() + ": " : "";
                problems.add(line + error.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(what + ": " + String.join("; ", problems));
        }
    }

    @Override
    public String toString() {
        return "LogUrlTemplate[" + source + "]";
    }

    /** Jinja's {@code none} test: true for Java null and for {@link PyNone}. */
    private static final class NoneTest implements ExpTest {
        @Override
        public String getName() {
            return "none";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var == null || var == PyNone.INSTANCE;
        }
    }
}
