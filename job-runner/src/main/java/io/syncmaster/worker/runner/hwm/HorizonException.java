package io.syncmaster.worker.runner.hwm;

/** Horizon answered with an error body ({@code {"error": {"code", "message", "details"}}}, hwm-contract §1.6). */
public final class HorizonException extends HwmStoreException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public HorizonException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Horizon's error code ({@code not_found}, {@code already_exists}, ...), or null for a non-JSON body. */
    public String code() {
        return code;
    }
}
