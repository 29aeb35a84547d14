package io.hypershift.orchestrator.run;

import io.hypershift.orchestrator.store.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;

/** Names this process as the holder of execution leases; new at every start, so a restart never inherits a lease. */
@ApplicationScoped
public class ExecutorIdentity {

    private final String id = "exec-" + ProcessHandle.current().pid() + "-" + RandomIds.hex(4);

    public String id() {
        return id;
    }
}
