package io.hypershift.orchestrator.run;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The five pipeline steps, their {@code current_step} numbers and where each keeps its output. */
public enum Step {
    ARCHITECT(1, "architect", r -> r.architectOutput, (r, o) -> r.architectOutput = o),
    BUILDER(2, "builder", r -> r.builderOutput, (r, o) -> r.builderOutput = o),
    SENTINEL(3, "sentinel", r -> r.sentinelOutput, (r, o) -> r.sentinelOutput = o),
    SRE(4, "sre", r -> r.sreOutput, (r, o) -> r.sreOutput = o),
    FINOPS(5, "finops", r -> r.finopsOutput, (r, o) -> r.finopsOutput = o);

    /** {@code current_step} of a run whose pipeline is over. */
    public static final int DONE = 6;

    private final int number;
    private final String id;
    private final Function<Run, String> output;
    private final BiConsumer<Run, String> recordOutput;

    Step(int number, String id, Function<Run, String> output, BiConsumer<Run, String> recordOutput) {
        this.number = number;
        this.id = id;
        this.output = output;
        this.recordOutput = recordOutput;
    }

    public int number() {
        return number;
    }

    /** The lowercase name used in audit details, {@code failed_step} and the Idempotency-Key. */
    public String id() {
        return id;
    }

    String outputOf(Run run) {
        return output.apply(run);
    }

    void recordOutput(Run run, String json) {
        recordOutput.accept(run, json);
    }

    /** The step after this one; empty for the last. */
    public Optional<Step> following() {
        return byNumber(number + 1);
    }

    public static Optional<Step> byNumber(int number) {
        return Arrays.stream(values()).filter(s -> s.number == number).findFirst();
    }
}
