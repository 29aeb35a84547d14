package io.hypershift.orchestrator.run;

import io.hypershift.orchestrator.store.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Names the executions of this process as holders of execution leases. The process part is new at
 * every start, so a restarted process never inherits a lease; each execution gets its own name, so
 * two executions of one run in the same process exclude each other too.
 */
@ApplicationScoped
public class ExecutorIdentity {

    private final String process = "exec-" + ProcessHandle.current().pid() + "-" + RandomIds.hex(4);
    private final AtomicLong executions = new AtomicLong();

    /** The prefix shared by all execution names of this process. */
    public String process() {
        return process;
    }

    public String newExecution() {
        return process + "-" + executions.incrementAndGet();
    }
}
