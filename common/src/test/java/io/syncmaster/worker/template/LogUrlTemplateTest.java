package io.syncmaster.worker.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogUrlTemplateTest {

    private static final OffsetDateTime STARTED = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC);
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2025, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC);
    private static final RunRow RUN = new RunRow(42, 7, RunStatus.STARTED, "MANUAL", STARTED, null, null, CREATED,
            CREATED);

    private static String render(String template) {
        return new LogUrlTemplate(template).render(RUN, "0190a1b2c3d4e5f60718293a4b5c6d7e", Map.of());
    }

    @Test
    void rendersTheDocumentedExample() {
        String template = "https://logs.location.example.com/syncmaster-worker?correlation_id={{ correlation_id }}"
                + "&run_id={{ run.id }}";
        assertThat(render(template)).isEqualTo("https://logs.location.example.com/syncmaster-worker"
                + "?correlation_id=0190a1b2c3d4e5f60718293a4b5c6d7e&run_id=42");
    }

    @Test
    void exposesEveryRunColumn() {
        assertThat(render("{{ run.id }}|{{ run.transfer_id }}|{{ run.status }}|{{ run.type }}")).isEqualTo(
                "42|7|STARTED|MANUAL");
        assertThat(render("{{ run.started_at }}|{{ run.created_at }}|{{ run.updated_at }}")).isEqualTo(
                "2025-01-02 03:04:05.123456+00:00|2025-01-02 03:04:00+00:00|2025-01-02 03:04:00+00:00");
    }

    @Test
    void pythonNoneRendersAsNone() {
        assertThat(render("{{ run.ended_at }}|{{ run.log_url }}")).isEqualTo("None|None");
        assertThat(new LogUrlTemplate("{{ correlation_id }}").render(RUN, null, Map.of())).isEqualTo("None");
        assertThat(render("{% if run.ended_at %}yes{% else %}no{% endif %}")).isEqualTo("no");
        assertThat(render("{{ run.ended_at is none }}|{{ run.started_at is none }}")).isEqualTo("true|false");
        assertThat(render("{{ run.log_url | default('x') }}")).isEqualTo("None"); // None is defined in Jinja
    }

    @Test
    void undefinedRendersEmpty() {
        assertThat(render("[{{ missing }}][{{ run.missing }}][{{ missing.deeper.still }}]")).isEqualTo("[][][]");
        assertThat(render("{{ missing | default('d') }}")).isEqualTo("d");
    }

    @Test
    void timestampsFollowPythonStr() {
        assertThat(PyDateTime.pythonStr(STARTED)).isEqualTo("2025-01-02 03:04:05.123456+00:00");
        assertThat(PyDateTime.pythonStr(CREATED)).isEqualTo("2025-01-02 03:04:00+00:00");
        assertThat(PyDateTime.pythonStr(OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 1_000, ZoneOffset.UTC)))
                .isEqualTo("2025-01-02 03:04:05.000001+00:00");
        // shown in UTC, like SyncMaster writes them
        assertThat(PyDateTime.pythonStr(OffsetDateTime.of(2025, 1, 2, 6, 4, 5, 0, ZoneOffset.ofHours(3))))
                .isEqualTo("2025-01-02 03:04:05+00:00");
        assertThat(render("{{ run.started_at.year }}-{{ run.started_at.microsecond }}|{{ run.started_at.isoformat() }}"))
                .isEqualTo("2025-123456|2025-01-02T03:04:05.123456+00:00");
        assertThat(render("{{ run.started_at.strftime('%Y/%m/%d') }}")).isEqualTo("2025/01/02");
    }

    @Test
    void oneTrailingNewlineIsDroppedAndNewlinesNormalised() {
        assertThat(render("a\n")).isEqualTo("a");
        assertThat(render("a\n\n")).isEqualTo("a\n");
        assertThat(render("a\r\n")).isEqualTo("a");
        assertThat(render("a\r\nb\rc")).isEqualTo("a\nb\nc");
        assertThat(render("")).isEmpty();
    }

    @Test
    void autoescapeIsOff() {
        Map<String, Object> extra = Map.of("q", "<a href=\"x\">&</a>");
        assertThat(new LogUrlTemplate("{{ q }}").render(RUN, "c", extra)).isEqualTo("<a href=\"x\">&</a>");
        assertThat(new LogUrlTemplate("{{ correlation_id }}").render(RUN, "a b&c=d", Map.of()))
                .isEqualTo("a b&c=d");
    }

    @Test
    void valuesAreNeverInterpretedAsTemplates() {
        // correlation_id can be a client's X-Request-ID header: it must be inserted verbatim
        String hostile = "{{ run.id }}{% if true %}T{% endif %}";
        assertThat(new LogUrlTemplate("x={{ correlation_id }}").render(RUN, hostile, Map.of()))
                .isEqualTo("x=" + hostile);
        assertThat(new LogUrlTemplate("{{ v }}").render(RUN, "c", Map.of("v", "{{ run.transfer_id }}")))
                .isEqualTo("{{ run.transfer_id }}");
    }

    @Test
    void extraVariablesAreTopLevel() {
        Map<String, Object> transferRun = new LinkedHashMap<>();
        transferRun.put("name", "run-42");
        transferRun.put("uid", null);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("namespace", "syncmaster");
        extra.put("job_name", "syncmaster-run-42");
        extra.put("transfer_run", transferRun);
        extra.put("items", Arrays.asList("a", null));
        String out = new LogUrlTemplate("{{ namespace }}/{{ job_name }}/{{ transfer_run.name }}/{{ transfer_run.uid }}/"
                + "{{ items }}").render(RUN, "c", extra);
        assertThat(out).isEqualTo("syncmaster/syncmaster-run-42/run-42/None/['a', None]");
        assertThatThrownBy(() -> new LogUrlTemplate("x").render(RUN, "c", Map.of("run", "other")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlStructuresWork() {
        assertThat(render("{% for x in [1, 2] %}{{ x }}{% endfor %}|{{ 'a' ~ run.id }}|{{ run.id * 2 }}"))
                .isEqualTo("12|a42|84");
        assertThat(render("{% set base = 'https://logs' %}{{ base }}/{{ run.id }}")).isEqualTo("https://logs/42");
        assertThat(render("{{ run.status | lower }}")).isEqualTo("started");
    }

    @Test
    void syntaxErrorsAreTemplateExceptions() {
        for (String broken : List.of("{% if %}", "{{ run.id ", "{% endif %}", "{% for x in y %}", "{% unknowntag %}")) {
            assertThatThrownBy(() -> new LogUrlTemplate(broken))
                    .as("template '%s'", broken)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageStartingWith("log URL template is invalid");
        }
    }

    @Test
    void methodsOutsideTheWhitelistFailAtRender() {
        LogUrlTemplate template = new LogUrlTemplate("{{ run.started_at.getClass() }}");
        assertThatThrownBy(() -> template.render(RUN, "c", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("log URL template cannot be rendered");
    }
}
