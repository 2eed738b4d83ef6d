package io.syncmaster.worker.runner.connector.catalog;

import java.io.IOException;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Kerberos login with the connection's user and password, for clusters whose Hadoop configuration says
 * {@code hadoop.security.authentication=kerberos} (upstream runs {@code kinit <user>} with the password on stdin).
 * The JDK's {@code Krb5LoginModule} gets the password through a callback, never through a file, an argument or the
 * environment; the tickets stay in memory in the login {@link Subject} (no ticket cache file, so nothing outlives
 * the run or is shared with another run), and Hadoop's login user becomes that subject, which the Hive metastore
 * client and HDFS use. The password is not renewable like a keytab: a run longer than the ticket's lifetime fails.
 */
public final class KerberosLogin {
    private KerberosLogin() {
    }

    /**
     * @param hadoopSettings the cluster's Hadoop settings ({@link HadoopConfigurationDirectory})
     * @param user           a principal ({@code user} or {@code user@REALM}; the default realm comes from krb5.conf)
     * @return the logged-in user, now also Hadoop's login user
     */
    public static UserGroupInformation login(Map<String, String> hadoopSettings, String user, char[] password, FailureSide side) {
        Configuration conf = new Configuration(false);
        hadoopSettings.forEach(conf::set);
        conf.set("hadoop.security.authentication", "kerberos");
        Subject subject = new Subject();
        try {
            LoginContext context = new LoginContext("syncmaster", subject, callbacks -> answer(callbacks, user, password),
                    new PasswordLoginConfiguration(user));
            context.login();
        } catch (LoginException e) {
            // the JDK's messages name the principal and the KDC's reason, never the password
            throw new RunFailure(side, side.label() + " connection: Kerberos login of '" + user + "' failed: " + e.getMessage());
        }
        if (subject.getPrivateCredentials(KerberosTicket.class).isEmpty()) {
            throw new RunFailure(side, side.label() + " connection: Kerberos login of '" + user + "' gave no ticket");
        }
        try {
            UserGroupInformation.setConfiguration(conf);
            UserGroupInformation ugi = UserGroupInformation.getUGIFromSubject(subject);
            UserGroupInformation.setLoginUser(ugi);
            return ugi;
        } catch (IOException e) {
            throw RunFailure.wrap(side, "cannot make the Kerberos login of '" + user + "' Hadoop's login user", e);
        }
    }

    private static void answer(Callback[] callbacks, String user, char[] password) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback pass) {
                pass.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    /** Krb5LoginModule asking for the password, with no ticket cache and no keytab. */
    private static final class PasswordLoginConfiguration extends javax.security.auth.login.Configuration {
        private final String user;

        PasswordLoginConfiguration(String user) {
            this.user = user;
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            Map<String, String> options = Map.of(
                    "principal", user,
                    "useTicketCache", "false",
                    "useKeyTab", "false",
                    "storeKey", "false",
                    "doNotPrompt", "false",
                    "refreshKrb5Config", "true");
            return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
        }
    }
}
