package io.syncmaster.worker.crypto;

/**
 * A credential could not be encrypted or decrypted (bad Fernet key, wrong key, tampered or malformed token,
 * plaintext that is not JSON).
 *
 * <p>It exists so callers can fail a run with a clear reason. Its message never contains the key, the token or
 * any part of the plaintext, and it never carries a library exception as cause (their messages may quote data).
 */
public class CredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }
}
