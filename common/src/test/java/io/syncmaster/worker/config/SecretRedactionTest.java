package io.syncmaster.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every type that holds a secret must keep it out of toString(). */
class SecretRedactionTest {

    private static final String SECRET = "Zq9-secret-value";

    @Test
    void noToStringShowsASecret() {
        Map<String, String> env = Map.of(
                "SYNCMASTER__DATABASE__URL", "postgresql+asyncpg://u:" + SECRET + "@db/sm?sslpassword=" + SECRET,
                "SYNCMASTER__BROKER__URL", "amqps://u:" + SECRET + "@mq/vh",
                "SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY,
                "SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG",
                "{\"spark.hadoop.fs.s3a.secret.key\": \"" + SECRET + "\"}",
                "SYNCMASTER__HWM_STORE__PASSWORD", SECRET);
        Settings settings = Settings.load(env);
        ObjectNode auth = JsonNodeFactory.instance.objectNode().put("type", "basic").put("password", SECRET);
        ConnectionDetails connection = new ConnectionDetails(1, 2, "postgres", "c",
                JsonNodeFactory.instance.objectNode().put("host", "h"), auth);

        List<Object> holders = new ArrayList<>(List.of(settings, settings.database(), settings.database().jdbc(),
                settings.broker(), settings.broker().address(), settings.encryption(), settings.encryption().cipher(),
                settings.worker(), settings.hwmStore(), connection,
                new RunContext(null, null, "g", connection, connection), new CredentialCipher(TestKeys.FERNET_KEY)));
        for (Object holder : holders) {
            assertThat(holder.toString()).as(holder.getClass().getSimpleName())
                    .doesNotContain(SECRET).doesNotContain(TestKeys.FERNET_KEY);
        }
        // ...while the values are still available to code that needs them
        assertThat(settings.database().jdbc().connectionProperties()).containsEntry("sslpassword", SECRET);
        assertThat(settings.worker().sparkSessionDefaultConfig()).containsValue(SECRET);
        assertThat(connection.merged().get("password").asText()).isEqualTo(SECRET);
    }
}
