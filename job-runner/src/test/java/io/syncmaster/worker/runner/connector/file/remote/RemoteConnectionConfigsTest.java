package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** The merged connection JSON of transfer-semantics §2.4 → config records, defaults and field-naming errors. */
class RemoteConnectionConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void defaultsFollowSyncMaster() throws Exception {
        assertThat(RemoteConnectionConfigs.parse("sftp", json("{'host':'h','user':'u','password':'p'}"), FailureSide.SOURCE))
                .isEqualTo(new SftpConfig("h", 22, new Credentials("u", "p")));
        assertThat(RemoteConnectionConfigs.parse("ftp", json("{'host':'h','port':2121,'user':'u','password':'p'}"),
                FailureSide.SOURCE)).isEqualTo(new FtpConfig("h", 2121, new Credentials("u", "p")));
        assertThat(RemoteConnectionConfigs.parse("ftps", json("{'host':'h','port':null,'user':'u','password':'p'}"),
                FailureSide.SOURCE)).isEqualTo(new FtpsConfig("h", 21, new Credentials("u", "p")));
        assertThat(RemoteConnectionConfigs.parse("webdav", json("{'host':'h','user':'u','password':'p'}"),
                FailureSide.SOURCE)).isEqualTo(new WebDavConfig("https", "h", 443, new Credentials("u", "p")));
        WebDavConfig http = (WebDavConfig) RemoteConnectionConfigs.parse("webdav",
                json("{'host':'h','protocol':'http','port':null,'user':'u','password':'p'}"), FailureSide.SOURCE);
        assertThat(http.port()).isEqualTo(80);
        assertThat(http.baseUrl()).isEqualTo("http://h:80");
        assertThat(RemoteConnectionConfigs.parse("samba",
                json("{'host':'h','share':'s','user':'u','password':'p'}"), FailureSide.SOURCE))
                .isEqualTo(new SambaConfig("h", 445, "s", "SMB", "", new Credentials("u", "p"), "NTLMv2"));
        assertThat(((SambaConfig) RemoteConnectionConfigs.parse("samba", json(
                "{'host':'h','share':'s','protocol':'NetBIOS','domain':'CORP','user':'u','password':'p','auth_type':'NTLMv1'}"),
                FailureSide.SOURCE)).port()).isEqualTo(139);
    }

    @Test
    void errorsNameTheFieldAndTheSideButNeverThePassword() throws Exception {
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("sftp", json("{'user':'u','password':'hunter2x'}"),
                FailureSide.TARGET))
                .isInstanceOf(RunFailure.class)
                .hasMessage("target connection (sftp): field 'host' is missing")
                .satisfies(e -> assertThat(((RunFailure) e).side()).isEqualTo(FailureSide.TARGET));
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("ftp",
                json("{'host':'h','port':70000,'user':'u','password':'hunter2x'}"), FailureSide.SOURCE))
                .hasMessage("source connection (ftp): field 'port' is not a TCP port: 70000");
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("webdav",
                json("{'host':'h','protocol':'gopher','user':'u','password':'hunter2x'}"), FailureSide.SOURCE))
                .hasMessage("source connection (webdav): field 'protocol' must be one of http, https, not 'gopher'");
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("samba",
                json("{'host':'h','user':'u','password':'hunter2x'}"), FailureSide.SOURCE))
                .hasMessage("source connection (samba): field 'share' is missing");
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("ftps", json("{'host':'h','user':'u'}"),
                FailureSide.SOURCE))
                .hasMessage("source connection (ftps): field 'password' is missing");
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("ftps", json("{'host':'h','user':'u','password':7}"),
                FailureSide.SOURCE))
                .hasMessage("source connection (ftps): field 'password' must be a string");
        assertThatThrownBy(() -> RemoteConnectionConfigs.parse("s3", json("{}"), FailureSide.SOURCE))
                .hasMessageContaining("'s3' is not a staged file protocol");
    }

    @Test
    void noConfigPrintsItsPassword() throws Exception {
        for (String type : RemoteConnectionConfigs.TYPES) {
            RemoteConnectionConfig config = RemoteConnectionConfigs.parse(type,
                    json("{'host':'h','share':'s','user':'u','password':'hunter2x'}"), FailureSide.SOURCE);
            assertThat(config.toString()).doesNotContain("hunter2x").contains("password=***");
        }
    }
}
