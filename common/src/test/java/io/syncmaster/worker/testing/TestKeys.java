package io.syncmaster.worker.testing;

/**
 * Fernet keys and the reference token of contract §4.1, shared by every module's tests.
 */
public final class TestKeys {

    /** The key from SyncMaster's sample {@code config.yml} (never use it in production). */
    public static final String FERNET_KEY = "UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=";

    /** Another valid key (bytes 100..131), for wrong-key tests. */
    public static final String OTHER_FERNET_KEY = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM=";

    /** The contract's test vector: made by Python's cryptography with {@link #FERNET_KEY}, time 1700000000, IV 00..0f. */
    public static final String VECTOR_TOKEN = "gAAAAABlU_EAAAECAwQFBgcICQoLDA0OD3sXU2XyiXrzB3KRBRX7LxVm-QCmLfGe2zHXCMcla8Ou"
            + "IycttC6IjX9a7SO-AHq5GUUo58HXxk7U5-dDQ8949vwKoIoRUssl5RanKxRKfsm97wcY_-NYsU4bgv1UNcLr2w==";

    /** The plaintext of {@link #VECTOR_TOKEN}. */
    public static final String VECTOR_PLAINTEXT = "{\"password\": \"p\u00e4ss\\\"w\", \"type\": \"basic\", \"user\": \"syncmaster\"}";

    private TestKeys() {
    }
}
