package io.syncmaster.worker.runner.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JdbcEndpointTest {

    @Test
    void toStringMasksEverySecretLookingPropertyNotOnlyThePassword() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("user", "reader");
        props.put("password", "Pw-1");
        props.put("sslpassword", "Pw-2");
        props.put("trustCertificateKeyStorePassword", "Pw-3");
        props.put("oauth_token", "Pw-4");
        props.put("sslmode", "require");
        JdbcEndpoint endpoint = new JdbcEndpoint(PostgresDialect.INSTANCE, "jdbc:postgresql://db:5432/sales?password=Pw-5", props);

        String text = endpoint.toString();

        assertThat(text).doesNotContain("Pw-1", "Pw-2", "Pw-3", "Pw-4", "Pw-5").contains("user=reader", "sslmode=require");
        assertThat(endpoint.password()).isEqualTo("Pw-1");
    }
}
