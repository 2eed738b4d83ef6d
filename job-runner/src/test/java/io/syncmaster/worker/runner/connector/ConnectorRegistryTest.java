package io.syncmaster.worker.runner.connector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.syncmaster.worker.capability.WorkerCapabilities;

/**
 * The operator decides before the claim whether a run can work ({@link WorkerCapabilities}), without the job-runner on
 * its class path: its list of connection types must be exactly what the job-runner's registry discovers.
 */
class ConnectorRegistryTest {
    @Test
    void theOperatorsListOfConnectionTypesIsExactlyTheRegisteredConnectors() {
        assertThat(ConnectorRegistry.discover().types())
                .containsExactlyInAnyOrderElementsOf(WorkerCapabilities.CONNECTION_TYPES);
    }

    @Test
    void everySyncMasterConnectionTypeHasAConnector() {
        assertThat(ConnectorRegistry.discover().types()).containsExactlyInAnyOrderElementsOf(ConnectorRegistry.SYNCMASTER_TYPES);
    }
}
