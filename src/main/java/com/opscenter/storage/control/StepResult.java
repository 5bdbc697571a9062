package com.opscenter.storage.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** What one requested action did, the bytes it freed, and what went wrong in it. */
public record StepResult(List<String> done, long freedBytes, List<String> errors) {

    public StepResult {
        done = List.copyOf(done);
        errors = List.copyOf(errors);
    }

    public boolean success() {
        return errors.isEmpty();
    }

    /** A named action to run; a failure of it is reported under its name. */
    record Step(String name, Supplier<StepResult> work) {}

    /**
     * Runs the steps concurrently and merges their results in the order given. A step that throws becomes an
     * error of that step; the others still finish.
     */
    static StepResult runConcurrently(List<Step> steps, Executor executor) {
        var futures = steps.stream()
                .map(step ->
                        CompletableFuture.supplyAsync(step.work(), executor).exceptionally(e -> failed(step.name(), e)))
                .toList();
        var done = new ArrayList<String>();
        var errors = new ArrayList<String>();
        long freed = 0;
        for (var future : futures) {
            var result = future.join();
            done.addAll(result.done());
            errors.addAll(result.errors());
            freed += result.freedBytes();
        }
        return new StepResult(done, freed, errors);
    }

    private static StepResult failed(String name, Throwable e) {
        var cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        var message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new StepResult(List.of(), 0, List.of(name + " failed: " + message));
    }
}
