package io.syncmaster.worker.runner.connector.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.KerberosKdc;

/**
 * The Kerberos login of Hive connections against a real MIT KDC (Debian krb5-kdc, private realm): the password
 * logs in through the callback and Hadoop's login user carries the ticket; a wrong password fails naming the user,
 * never the password. What this cannot prove: a Kerberised metastore or HDFS using that login (none runs here).
 */
class KerberosLoginTest {
    private static KerberosKdc kdc;
    private static String previousKrb5Conf;

    @BeforeAll
    static void startKdc() {
        kdc = KerberosKdc.start("hive");
        previousKrb5Conf = System.getProperty("java.security.krb5.conf");
        System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
    }

    @AfterAll
    static void stopKdc() {
        UserGroupInformation.reset(); // Hadoop's login state is per JVM: back to simple authentication
        if (previousKrb5Conf == null) {
            System.clearProperty("java.security.krb5.conf");
        } else {
            System.setProperty("java.security.krb5.conf", previousKrb5Conf);
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void thePasswordLogsInAndBecomesHadoopsLoginUser() throws Exception {
        UserGroupInformation ugi = KerberosLogin.login(Map.of("hadoop.security.authentication", "kerberos"), kdc.user(),
                kdc.password().toCharArray(), FailureSide.SOURCE);

        assertThat(ugi.getUserName()).isEqualTo("hive@" + KerberosKdc.REALM);
        assertThat(ugi.hasKerberosCredentials()).isTrue();
        assertThat(UserGroupInformation.isSecurityEnabled()).isTrue();
        assertThat(UserGroupInformation.getLoginUser().getUserName()).isEqualTo("hive@" + KerberosKdc.REALM);
    }

    @Test
    void aWrongPasswordFailsNamingTheUserNotThePassword() {
        assertThatThrownBy(() -> KerberosLogin.login(Map.of(), kdc.user(), "wrong-password-123".toCharArray(), FailureSide.TARGET))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.TARGET);
                    assertThat(e.getMessage()).contains("Kerberos login of 'hive' failed").doesNotContain("wrong-password-123");
                });
        assertThatThrownBy(() -> KerberosLogin.login(Map.of(), "nobody", "x".toCharArray(), FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class).hasMessageContaining("'nobody'");
    }
}
