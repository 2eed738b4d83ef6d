package io.syncmaster.worker.template;

/**
 * A log URL template cannot be parsed or rendered. SyncMaster's worker fails the run in that case, and so does
 * this one; the message says what Jinjava reported (line and problem), never a rendered value.
 */
public class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
