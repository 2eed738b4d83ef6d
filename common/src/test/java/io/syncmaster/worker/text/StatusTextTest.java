package io.syncmaster.worker.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTextTest {

    @Test
    void secretPairsAndUrlPasswordsAreMasked() {
        assertThat(StatusText.redact("FATAL: connect to jdbc:postgresql://h/db?user=u&password=Hunter2&ssl=true failed"))
                .isEqualTo("FATAL: connect to jdbc:postgresql://h/db?user=u&password=***&ssl=true failed");
        assertThat(StatusText.redact("url postgresql+asyncpg://syncmaster:Hunter2@db:5432/x"))
                .isEqualTo("url postgresql+asyncpg://syncmaster:***@db:5432/x");
        assertThat(StatusText.redact("{\"rest_catalog_token\": \"abc.def\", \"user\": \"u\"}"))
                .isEqualTo("{\"rest_catalog_token\": \"***\", \"user\": \"u\"}");
        assertThat(StatusText.redact("spark.hadoop.fs.s3a.secret.key=AKIAXYZ spark.master=local"))
                .isEqualTo("spark.hadoop.fs.s3a.secret.key=*** spark.master=local");
        assertThat(StatusText.redact("table public.users does not exist")).isEqualTo("table public.users does not exist");
    }

    @Test
    void textIsBoundedAndFreeOfControlCharacters() {
        String bounded = StatusText.bounded("x".repeat(5000) + "password=Hunter2");
        assertThat(bounded).hasSize(StatusText.MAX_LENGTH).endsWith("...");
        assertThat(StatusText.bounded("line one\u001b[31m\nline two\u0000")).isEqualTo("line one[31m\nline two");
        assertThat(StatusText.bounded(null)).isNull();
    }

    @Test
    void secretNamesCoverDriverProperties() {
        assertThat(StatusText.isSecretName("password")).isTrue();
        assertThat(StatusText.isSecretName("sslpassword")).isTrue();
        assertThat(StatusText.isSecretName("trustCertificateKeyStorePassword")).isTrue();
        assertThat(StatusText.isSecretName("sslkey")).isTrue();
        assertThat(StatusText.isSecretName("secret_key")).isTrue();
        assertThat(StatusText.isSecretName("user")).isFalse();
        assertThat(StatusText.isSecretName("sslmode")).isFalse();
    }
}
