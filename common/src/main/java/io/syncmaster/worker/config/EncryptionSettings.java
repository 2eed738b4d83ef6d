package io.syncmaster.worker.config;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.crypto.CredentialException;

/**
 * SyncMaster's {@code encryption} section: the Fernet key that encrypts {@code auth_data}.
 *
 * <p>A class rather than a record so the key can never leak through a generated {@code toString()}.
 */
public final class EncryptionSettings {

    private final String secretKey;

    private EncryptionSettings(String secretKey) {
        this.secretKey = secretKey;
    }

    /**
     * Validates the key as Python's {@code Fernet(key)} would.
     *
     * @throws SettingsException {@code encryption.secret_key: ...} without the key
     */
    public static EncryptionSettings of(String secretKey) {
        try {
            CredentialCipher.decodeKey(secretKey);
        } catch (CredentialException e) {
            throw new SettingsException("encryption.secret_key",
                    e.getMessage() + " (set SYNCMASTER__ENCRYPTION__SECRET_KEY or encryption.secret_key "
                            + "in the YAML file)");
        }
        return new EncryptionSettings(secretKey);
    }

    /** The Fernet key as configured (URL-safe base64). Secret. */
    public String secretKey() {
        return secretKey;
    }

    /** A cipher for {@code auth_data} values using this key. */
    public CredentialCipher cipher() {
        return new CredentialCipher(secretKey);
    }

    @Override
    public String toString() {
        return "EncryptionSettings[secretKey=<redacted>]";
    }
}
