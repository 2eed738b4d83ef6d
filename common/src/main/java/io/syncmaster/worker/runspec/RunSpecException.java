package io.syncmaster.worker.runspec;

/**
 * A run spec document cannot be read: not JSON, another {@link RunSpec#VERSION}, or a field missing or of the wrong
 * type. The message names the field, never a value (the document holds credentials).
 */
public class RunSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunSpecException(String message) {
        super(message);
    }
}
