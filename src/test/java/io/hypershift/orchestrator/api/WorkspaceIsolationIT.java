package io.hypershift.orchestrator.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same black-box tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class WorkspaceIsolationIT extends WorkspaceIsolationTest {
}
