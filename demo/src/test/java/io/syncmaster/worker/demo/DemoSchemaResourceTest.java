package io.syncmaster.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.testing.TestPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The demo ships a copy of SyncMaster's schema (shared/ is not in the jar); it must stay identical to the spec's. */
class DemoSchemaResourceTest {

    @Test
    void theBundledSchemaIsTheSharedOne() throws Exception {
        byte[] bundled;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("io/syncmaster/worker/demo/syncmaster_schema.sql")) {
            assertThat(in).as("bundled schema resource").isNotNull();
            bundled = in.readAllBytes();
        }
        assertThat(bundled).as("operator/src/main/resources/.../demo/syncmaster_schema.sql must equal "
                + TestPostgres.schemaFile() + "; copy it again").isEqualTo(Files.readAllBytes(TestPostgres.schemaFile()));
    }

    @Test
    void aGeneratedFernetKeyIsAValidSyncMasterKey() {
        String key = DemoCommand.newFernetKey();
        assertThat(key).hasSize(44).endsWith("=");
        assertThat(CredentialCipher.isValidKey(key)).isTrue();
    }
}
