package io.syncmaster.worker.operator.crd;

import java.util.regex.Pattern;

/**
 * The text rules of a Kubernetes condition (API conventions, {@code metav1.Condition}): {@code reason} is a CamelCase
 * machine-readable word, {@code message} a human-readable sentence about what is true now. Messages built from
 * outside text (a pod's termination message, a database error) pass through here, so every condition reads the same.
 */
public final class ConditionText {
    /** {@code metav1.Condition}'s reason pattern. */
    private static final Pattern REASON = Pattern.compile("[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?");
    private static final int MAX_MESSAGE = 32768;

    private ConditionText() {
    }

    /** {@code reason} if it is a valid condition reason, else its letters and digits (e.g. {@code Out of memory} → {@code Outofmemory}). */
    public static String reason(String reason) {
        if (reason == null || REASON.matcher(reason).matches()) {
            return reason;
        }
        String cleaned = reason.replaceAll("[^A-Za-z0-9_]", "").replaceAll("^[^A-Za-z]+", "");
        return cleaned.isEmpty() ? "Unknown" : cleaned;
    }

    /** {@code text} as a sentence: trimmed, first letter upper case, one final period; null stays null. */
    public static String sentence(String text) {
        if (text == null || text.isBlank()) {
            return text;
        }
        String s = text.strip();
        if (s.length() > MAX_MESSAGE) {
            s = s.substring(0, MAX_MESSAGE - 1) + "…";
        }
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return s.endsWith(".") || s.endsWith("…") ? s : s + ".";
    }
}
