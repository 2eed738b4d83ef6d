package io.syncmaster.worker.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that leaves a worker for places many people read (TransferRun status, Kubernetes Events, the run journal,
 * logs): error messages of the API server, the database, a pod's termination message or its log tail
 * ({@code FallbackToLogsOnError}). It is redacted by pattern (a {@code password=...} pair, a URL's user-info) and
 * bounded, because the worker cannot know every secret a driver might echo. Also the one rule for which
 * property names are secret ({@link #isSecretName}), used when JDBC properties are logged.
 */
public final class StatusText {

    /** Longest text kept (Kubernetes caps an Event message at 1 KiB, a condition message is read by people). */
    public static final int MAX_LENGTH = 1024;
    private static final String MASK = "***";
    /** Spark's {@code spark.redaction.regex}, plus the names drivers and SyncMaster use for secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)secret|passw|pwd|token|access[._-]?key|credential|passphrase|private[._-]?key|api[._-]?key|sslkey");
    /** {@code name=value} or {@code name: value} whose name looks secret; the value ends at a separator. */
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)([\\w.-]*(?:secret|passw|pwd|token|access[._-]?key|credential|passphrase)[\\w.-]*\"?\\s*[=:]\\s*\"?)"
                    + "([^\\s&;,\"'}]+)");
    /** {@code scheme://user:password@host}. */
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]*):([^@/\\s]*)@");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

    private StatusText() {
    }

    /** Whether a property or configuration key names a secret (its value must never be shown). */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).find();
    }

    /** {@code text} with secret-looking pairs and URL passwords masked; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = SECRET_PAIR.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return URL_USERINFO.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
    }

    /** Redacted, without control characters (but newlines and tabs), at most {@link #MAX_LENGTH} characters. */
    public static String bounded(String text) {
        return bounded(text, MAX_LENGTH);
    }

    /** As {@link #bounded(String)} with another maximum length. */
    public static String bounded(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String clean = CONTROL.matcher(redact(text)).replaceAll("").strip();
        if (clean.length() <= maxLength) {
            return clean;
        }
        return clean.substring(0, Math.max(0, maxLength - 3)) + "...";
    }
}
