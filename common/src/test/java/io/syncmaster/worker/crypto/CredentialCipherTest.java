package io.syncmaster.worker.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.macasaet.fernet.Key;
import io.syncmaster.worker.testing.TestKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String SECRET = "p\u00e4ss\"w";
    private final CredentialCipher cipher = new CredentialCipher(TestKeys.FERNET_KEY);

    @Test
    void decryptsTheContractTestVectorDespiteItsAge() {
        // the token was made in 2023: fernet-java8's default validator would reject it as expired
        assertThat(cipher.decrypt(TestKeys.VECTOR_TOKEN)).isEqualTo(TestKeys.VECTOR_PLAINTEXT);
        var json = cipher.decryptJson(TestKeys.VECTOR_TOKEN);
        assertThat(json.get("type").asText()).isEqualTo("basic");
        assertThat(json.get("user").asText()).isEqualTo("syncmaster");
        assertThat(json.get("password").asText()).isEqualTo(SECRET);
    }

    @Test
    void encryptJsonProducesPythonsPlaintextBytes() {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("user", "syncmaster");
        auth.put("type", "basic");
        auth.put("password", SECRET);
        String token = cipher.encryptJson(auth);
        assertThat(cipher.decrypt(token)).isEqualTo(TestKeys.VECTOR_PLAINTEXT);
        assertThat(token).startsWith("gAAAAA").doesNotContain(SECRET);
    }

    @Test
    void roundTripsArbitraryText() {
        String text = "{\"k\": \"\u043f\u0440\u0438\u0432\u0435\u0442 \uD83D\uDE00\"}";
        assertThat(cipher.decrypt(cipher.encrypt(text))).isEqualTo(text);
        assertThat(cipher.encrypt(text)).isNotEqualTo(cipher.encrypt(text)); // random IV
    }

    @Test
    void acceptsTokensFromTheFarFuture() throws Exception {
        // cryptography skips the clock-skew check when ttl is None; fernet-java8 allows only 60 s by default
        Key key = new Key(TestKeys.FERNET_KEY);
        IvParameterSpec iv = new IvParameterSpec(new byte[16]);
        Instant future = Instant.now().plus(Duration.ofDays(3650));
        byte[] ciphertext = key.encrypt("{}".getBytes(StandardCharsets.UTF_8), iv);
        byte[] hmac = key.sign((byte) 0x80, future, iv, ciphertext);
        ByteBuffer token = ByteBuffer.allocate(1 + 8 + 16 + ciphertext.length + hmac.length);
        token.put((byte) 0x80).putLong(future.getEpochSecond()).put(iv.getIV()).put(ciphertext).put(hmac);
        String text = Base64.getUrlEncoder().encodeToString(token.array());
        assertThat(cipher.decrypt(text)).isEqualTo("{}");
    }

    @Test
    void wrongKeyIsACredentialExceptionWithoutSecrets() {
        CredentialCipher other = new CredentialCipher(TestKeys.OTHER_FERNET_KEY);
        assertThatThrownBy(() -> other.decrypt(TestKeys.VECTOR_TOKEN))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("does not match")
                .hasNoCause()
                .satisfies(e -> assertNoSecret(e.getMessage()));
    }

    @Test
    void tamperedTokenIsRejected() {
        byte[] raw = Base64.getUrlDecoder().decode(TestKeys.VECTOR_TOKEN);
        for (int position : List.of(1, 9, 30, raw.length - 40, raw.length - 1)) {
            byte[] copy = raw.clone();
            copy[position] ^= 0x01;
            String tampered = Base64.getUrlEncoder().encodeToString(copy);
            assertThatThrownBy(() -> cipher.decrypt(tampered))
                    .as("flipped byte %d", position)
                    .isInstanceOf(CredentialException.class)
                    .satisfies(e -> assertNoSecret(e.getMessage()));
        }
    }

    @Test
    void malformedTokensAreRejected() {
        for (String token : List.of("", "   ", "not a token", "gAAAAA", TestKeys.VECTOR_TOKEN.substring(0, 60))) {
            assertThatThrownBy(() -> cipher.decrypt(token))
                    .as("token '%s'", token)
                    .isInstanceOf(CredentialException.class);
        }
    }

    @Test
    void nonJsonPlaintextIsReportedWithoutQuotingIt() {
        String token = cipher.encrypt("password=" + SECRET);
        assertThatThrownBy(() -> cipher.decryptJson(token))
                .isInstanceOf(CredentialException.class)
                .hasMessage("decrypted credential is not valid JSON")
                .satisfies(e -> assertNoSecret(e.getMessage()));
    }

    @Test
    void keysAreValidatedLikePythonFernet() {
        assertThat(CredentialCipher.isValidKey(TestKeys.FERNET_KEY)).isTrue();
        assertThat(CredentialCipher.isValidKey(TestKeys.FERNET_KEY + "\n")).isTrue();
        assertThat(CredentialCipher.isValidKey(TestKeys.FERNET_KEY.replace("=", ""))).isTrue();
        // urlsafe_b64decode also accepts the standard alphabet
        String standard = TestKeys.OTHER_FERNET_KEY.replace('-', '+').replace('_', '/');
        assertThat(new CredentialCipher(standard).decrypt(new CredentialCipher(TestKeys.OTHER_FERNET_KEY).encrypt("y")))
                .isEqualTo("y");
        for (String bad : List.of("", "short", TestKeys.FERNET_KEY.substring(0, 40), "!!!!" + TestKeys.FERNET_KEY)) {
            assertThatThrownBy(() -> new CredentialCipher(bad))
                    .isInstanceOf(CredentialException.class)
                    .hasMessageStartingWith("Fernet key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestKeys.FERNET_KEY.substring(0, 20)));
        }
        assertThat(cipher.toString()).doesNotContain(TestKeys.FERNET_KEY).contains("redacted");
    }

    private static void assertNoSecret(String message) {
        assertThat(message).doesNotContain(SECRET).doesNotContain("syncmaster")
                .doesNotContain(TestKeys.FERNET_KEY).doesNotContain(TestKeys.VECTOR_TOKEN.substring(0, 30));
    }
}
