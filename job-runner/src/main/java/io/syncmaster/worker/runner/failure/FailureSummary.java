package io.syncmaster.worker.runner.failure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The short, secret-free description of a failed run that goes to the termination-message file and stderr:
 * the side that failed, the class of the most telling error and its first line.
 *
 * <p>Spark wraps task errors in several layers ("Job aborted due to stage failure: ... Lost task ..."), so the
 * summary digs for the error that explains the failure: a {@link RunFailure} first (it carries its side), then the
 * deepest {@link SQLException}, then the root cause.
 */
public record FailureSummary(FailureSide side, String errorClass, String message) {
    /** Kubernetes keeps at most 4096 bytes of a termination message; stay well below. */
    static final int MAX_MESSAGE_CHARS = 1500;

    public static FailureSummary of(Throwable error, FailureSide defaultSide, SecretRedactor redactor) {
        List<Throwable> chain = causalChain(error);
        Throwable telling = chain.stream().filter(RunFailure.class::isInstance).findFirst().orElse(null);
        FailureSide side = telling != null ? ((RunFailure) telling).side() : defaultSide;
        String message;
        String errorClass;
        if (telling != null) {
            errorClass = explainingClass((RunFailure) telling);
            message = telling.getMessage();
        } else {
            Throwable sql = null;
            for (Throwable t : chain) {
                if (t instanceof SQLException) {
                    sql = t;
                }
            }
            Throwable chosen = sql != null ? sql : chain.get(chain.size() - 1);
            errorClass = chosen.getClass().getName();
            message = firstLine(chosen.getMessage());
        }
        return new FailureSummary(side, errorClass, shorten(redactor.redact(message)));
    }

    /** "ClassName: first line of the message" for one throwable, used when wrapping errors. */
    public static String describe(Throwable error) {
        List<Throwable> chain = causalChain(error);
        Throwable sql = null;
        for (Throwable t : chain) {
            if (t instanceof SQLException) {
                sql = t;
            }
        }
        Throwable chosen = sql != null ? sql : chain.get(chain.size() - 1);
        String text = firstLine(chosen.getMessage());
        return chosen.getClass().getSimpleName() + (text.isEmpty() ? "" : ": " + text);
    }

    /** The termination message: three lines, {@code key: value}. */
    public String render() {
        return "side: " + side.label() + "\nerror: " + errorClass + "\nmessage: " + message + "\n";
    }

    private static String explainingClass(RunFailure failure) {
        Throwable cause = failure.getCause();
        if (cause == null) {
            return failure.getClass().getName();
        }
        List<Throwable> chain = causalChain(cause);
        Throwable sql = null;
        for (Throwable t : chain) {
            if (t instanceof SQLException) {
                sql = t;
            }
        }
        return (sql != null ? sql : chain.get(chain.size() - 1)).getClass().getName();
    }

    private static List<Throwable> causalChain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
