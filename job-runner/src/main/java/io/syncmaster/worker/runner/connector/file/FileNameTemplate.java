package io.syncmaster.worker.runner.connector.file;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * {@code target_params.file_name_template} (transfer-semantics §4.4) with the API's rules: only word characters,
 * '.', '-' and the placeholders {@code {index}}, {@code {extension}}, {@code {run_id}}, {@code {run_created_at}};
 * {@code {index}} and {@code {extension}} are required, and so is one of the two run placeholders.
 */
public final class FileNameTemplate {
    public static final String DEFAULT = "{run_created_at}-{index}.{extension}";
    private static final String FIELD = "transfer.target_params.file_name_template";
    private static final Pattern CHARACTERS = Pattern.compile("(?U)^[\\w.{}-]+$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> KNOWN = Set.of("index", "extension", "run_id", "run_created_at");
    /** Python's {@code "%Y_%m_%d_%H_%M_%S"}. */
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("uuuu_MM_dd_HH_mm_ss");

    private final String template;

    private FileNameTemplate(String template) {
        this.template = template;
    }

    /** The validated template; {@code null} or empty gives the API's default. */
    public static FileNameTemplate parse(String template) {
        if (template == null || template.isEmpty()) {
            return new FileNameTemplate(DEFAULT);
        }
        if (!CHARACTERS.matcher(template).matches()) {
            throw invalid(template, "may only contain letters, digits, '_', '.', '-' and {placeholders}");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw invalid(template, "has an unknown placeholder {" + m.group(1) + "} (known: {index}, {extension}, "
                        + "{run_id}, {run_created_at})");
            }
            m.appendReplacement(rest, "");
        }
        m.appendTail(rest);
        if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
            throw invalid(template, "has an unbalanced '{' or '}'");
        }
        if (!template.contains("{index}") || !template.contains("{extension}")) {
            throw invalid(template, "must contain {index} and {extension}");
        }
        if (!template.contains("{run_id}") && !template.contains("{run_created_at}")) {
            throw invalid(template, "must contain {run_id} or {run_created_at}");
        }
        return new FileNameTemplate(template);
    }

    /** The name of the {@code index}-th file of run {@code runId} created at {@code runCreatedAt} (UTC). */
    public String render(int index, String extension, long runId, LocalDateTime runCreatedAt) {
        return template.replace("{index}", Integer.toString(index)).replace("{extension}", extension)
                .replace("{run_id}", Long.toString(runId)).replace("{run_created_at}", CREATED_AT.format(runCreatedAt));
    }

    @Override
    public String toString() {
        return template;
    }

    private static RunFailure invalid(String template, String problem) {
        return new RunFailure(FailureSide.TARGET, FIELD + " '" + template + "' " + problem);
    }
}
