package io.syncmaster.worker.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.macasaet.fernet.Key;
import com.macasaet.fernet.StringValidator;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import io.syncmaster.worker.json.PythonJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Encrypts and decrypts {@code auth_data.value} exactly as SyncMaster does (contract §4.1): Fernet with the
 * {@code encryption.secret_key}, no time-to-live, plaintext = {@code json.dumps(sort_keys=True, ensure_ascii=False)}.
 *
 * <p>Built on fernet-java8, whose default validator rejects tokens older than 60 s; SyncMaster stores tokens for
 * years and Python decrypts with {@code ttl=None} (no age and no clock-skew check), so every token whose MAC
 * matches is accepted here too. Thread-safe.
 */
public final class CredentialCipher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEY_BYTES = 32;

    private final Key key;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param urlSafeBase64Key the Fernet key: 32 bytes in URL-safe base64 (padding optional). Like Python's
     *                         {@code base64.urlsafe_b64decode}, standard-alphabet {@code +}/{@code /} and
     *                         surrounding whitespace (a trailing newline from a mounted Secret) are accepted.
     * @throws CredentialException if the key is not 32 base64-encoded bytes (the message never shows the key)
     */
    public CredentialCipher(String urlSafeBase64Key) {
        this.key = new Key(decodeKey(urlSafeBase64Key));
    }

    /**
     * Decodes a Fernet key as Python's {@code Fernet(key)} would accept it.
     *
     * @throws CredentialException naming what is wrong, never the key itself
     */
    public static byte[] decodeKey(String urlSafeBase64Key) {
        if (urlSafeBase64Key == null || urlSafeBase64Key.isBlank()) {
            throw new CredentialException("Fernet key is empty");
        }
        String normalized = urlSafeBase64Key.strip().replace('+', '-').replace('/', '_');
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(normalized);
        } catch (IllegalArgumentException e) {
            throw new CredentialException("Fernet key is not valid URL-safe base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new CredentialException(
                    "Fernet key must be 32 URL-safe base64-encoded bytes, got " + bytes.length + " bytes");
        }
        return bytes;
    }

    /** Whether {@code candidate} is a usable Fernet key (see {@link #decodeKey}). */
    public static boolean isValidKey(String candidate) {
        try {
            decodeKey(candidate);
            return true;
        } catch (CredentialException e) {
            return false;
        }
    }

    /**
     * Verifies the MAC and decrypts a token; never checks its age.
     *
     * @throws CredentialException if the token is malformed, was made with another key, or was altered
     */
    public String decrypt(String token) {
        if (token == null || token.isBlank()) {
            throw new CredentialException("Fernet token is empty");
        }
        Token parsed;
        try {
            parsed = Token.fromString(token.strip());
        } catch (RuntimeException e) {
            throw new CredentialException("Fernet token is malformed (not a Fernet token in URL-safe base64)");
        }
        try {
            return parsed.validateAndDecrypt(key, new NoExpiryValidator());
        } catch (TokenValidationException e) {
            throw new CredentialException(
                    "Fernet token does not match encryption.secret_key (wrong key, or the token was altered)");
        } catch (RuntimeException e) {
            throw new CredentialException("Fernet token cannot be decrypted (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Decrypts a token whose plaintext is JSON (every {@code auth_data.value}).
     *
     * @throws CredentialException as {@link #decrypt}, or if the plaintext is not JSON (without quoting it)
     */
    public JsonNode decryptJson(String token) {
        String plaintext = decrypt(token);
        try {
            return JSON.readTree(plaintext);
        } catch (JsonProcessingException e) {
            throw new CredentialException("decrypted credential is not valid JSON");
        }
    }

    /** Encrypts UTF-8 text into a new token (current time, random IV), as {@code Fernet.encrypt}. */
    public String encrypt(String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        return Token.generate(random, key, plaintext.getBytes(StandardCharsets.UTF_8)).serialise();
    }

    /**
     * Encrypts {@code json.dumps(value, sort_keys=True, ensure_ascii=False)}: the same plaintext bytes the
     * SyncMaster server encrypts for this credential dict.
     */
    public String encryptJson(Map<String, ?> value) {
        Objects.requireNonNull(value, "value");
        return encrypt(PythonJson.dumpsSortedUnicode(value));
    }

    @Override
    public String toString() {
        return "CredentialCipher[key=<redacted>]";
    }

    /**
     * A validator without time limits: the accepted window spans all representable instants, so only the version
     * byte and the HMAC decide (Python's {@code Fernet.decrypt(token, ttl=None)}). The clock is fixed per call
     * so the window arithmetic cannot overflow.
     */
    private static final class NoExpiryValidator implements StringValidator {
        private final Instant now = Instant.now();

        @Override
        public Clock getClock() {
            return Clock.fixed(now, ZoneOffset.UTC);
        }

        @Override
        public TemporalAmount getTimeToLive() {
            return Duration.between(Instant.MIN, now);
        }

        @Override
        public TemporalAmount getMaxClockSkew() {
            return Duration.between(now, Instant.MAX);
        }
    }
}
