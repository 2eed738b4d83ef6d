package io.syncmaster.worker.runner.failure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords, tokens and the Fernet key out of everything the runner prints: it knows the secret values of the
 * current run and masks them wherever they appear, and it sanitises JDBC URLs and Spark configurations by key name
 * (the same rule as Spark's {@code spark.redaction.regex}).
 */
public final class SecretRedactor {
    /** Spark's default {@code spark.redaction.regex}, plus "credential". */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|password|token|access[.]?key|credential");
    /** {@code password=...} inside a JDBC URL query or property list. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd|secret|token)=([^&;]*)");
    /** {@code user:password@} in a URL authority. */
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]*):([^@/]*)@");
    private static final String MASK = "***";

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    /** Registers a secret value; null, empty and very short values are ignored (masking "a" would garble text). */
    public void register(String secret) {
        if (secret != null && secret.length() >= 3) {
            secrets.add(secret);
        }
    }

    /** Masks every registered secret and every URL password inside {@code text}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        List<String> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : ordered) {
            result = result.replace(secret, MASK);
        }
        return sanitizeUrl(result);
    }

    /** Removes passwords from a JDBC or SQLAlchemy URL (query parameters and user-info). */
    public static String sanitizeUrl(String url) {
        if (url == null) {
            return null;
        }
        String result = URL_PASSWORD.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
        return URL_USERINFO.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
    }

    /** A copy of a configuration map with secret-looking keys masked and URLs sanitised. */
    public Map<String, String> sanitizeConf(Map<String, String> conf) {
        Map<String, String> copy = new LinkedHashMap<>();
        conf.forEach((key, value) -> copy.put(key, SECRET_KEY.matcher(key).find() ? MASK : redact(value)));
        return copy;
    }
}
