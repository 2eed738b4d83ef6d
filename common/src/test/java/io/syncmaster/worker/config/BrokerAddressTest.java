package io.syncmaster.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values were produced with {@code kombu.Connection(url).info()} (kombu 5.2.4, same url_to_parts as 5.6). */
class BrokerAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // url                                          | host          | port | vhost    | user  | password | tls
        "amqp://guest:guest@localhost:5672              | localhost     | 5672 | /        | guest | guest    | false",
        "amqp://user:password@localhost:5672/           | localhost     | 5672 | /        | user  | password | false",
        "amqp://guest:guest@rabbitmq:5672               | rabbitmq      | 5672 | /        | guest | guest    | false",
        "amqp://h//                                     | h             | 5672 | /        | guest | guest    | false",
        "amqp://h/%2F                                   | h             | 5672 | /        | guest | guest    | false",
        "amqp://h/myvhost                               | h             | 5672 | myvhost  | guest | guest    | false",
        "amqp://h/a/b                                   | h             | 5672 | a/b      | guest | guest    | false",
        "amqps://h                                      | h             | 5671 | /        | guest | guest    | true",
        "amqps://u:p@h:5000/v                           | h             | 5000 | v        | u     | p        | true",
        "pyamqp://u@h                                   | h             | 5672 | /        | u     | guest    | false",
        "amqp://:p@h/x                                  | h             | 5672 | x        | guest | p        | false",
        "amqp://u:@h                                    | h             | 5672 | /        | u     | guest    | false",
        "amqp://u%40x:p%3Aw@H.Example.COM:1234/v%2Fh    | h.example.com | 1234 | v/h      | u@x   | p:w      | false",
        "amqp://u:p@ss@h                                | h             | 5672 | /        | u     | p@ss     | false",
        "amqp://h?ssl=1                                 | h             | 5671 | /        | guest | guest    | true",
        "amqp://h?ssl=0                                 | h             | 5671 | /        | guest | guest    | true",
        "amqp://h?ssl=                                  | h             | 5672 | /        | guest | guest    | false",
        "amqp://h:5672/?heartbeat=10                    | h             | 5672 | /        | guest | guest    | false",
        "amqp://                                        | localhost     | 5672 | /        | guest | guest    | false",
        "amqp://u:p@[::1]:5673/x                        | ::1           | 5673 | x        | u     | p        | false",
        "AMQP://h:                                      | h             | 5672 | /        | guest | guest    | false",
    })
    void followsKombu(String url, String host, int port, String vhost, String user, String password, boolean tls) {
        BrokerAddress a = BrokerAddress.fromKombuUrl(url);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
        assertThat(a.virtualHost()).isEqualTo(vhost);
        assertThat(a.username()).isEqualTo(user);
        assertThat(a.password()).isEqualTo(password);
        assertThat(a.tls()).isEqualTo(tls);
    }

    @Test
    void keepsQueryOptions() {
        assertThat(BrokerAddress.fromKombuUrl("amqp://h/?heartbeat=10&ssl_cert_reqs=0").options())
                .containsEntry("heartbeat", "10").containsEntry("ssl_cert_reqs", "0");
        assertThat(BrokerAddress.fromKombuUrl("amqp://h/?ssl_ca_certs=/ca.pem").tls()).isTrue();
    }

    @Test
    void rejectsWhatKombuWouldNotConnectTo() {
        List<String> bad = List.of("", "localhost:5672", "redis://u:S3cret@h:6379/0", "amqp://u:S3cret@h:abc/",
                "amqp://u:S3cret@h:99999/", "amqp://u:S3cret@h1;amqp://u:S3cret@h2");
        for (String url : bad) {
            assertThatThrownBy(() -> BrokerAddress.fromKombuUrl(url))
                    .as(url)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("broker.url: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cret"));
        }
    }

    @Test
    void toStringRedactsThePassword() {
        BrokerAddress a = BrokerAddress.fromKombuUrl("amqp://user:hunter2@rabbit:5672/prod");
        assertThat(a.toString()).doesNotContain("hunter2").contains("user").contains("rabbit").contains("prod");
        assertThat(new BrokerSettings("amqp://user:hunter2@rabbit").toString()).doesNotContain("hunter2");
    }
}
