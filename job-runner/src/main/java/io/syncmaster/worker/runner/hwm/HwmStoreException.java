package io.syncmaster.worker.runner.hwm;

/**
 * The HWM store could not do what the run needed. The message is safe to show: it names the call and the
 * server's answer, never a credential or a token.
 */
public class HwmStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HwmStoreException(String message) {
        super(message);
    }

    public HwmStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
