package com.opscenter.storage.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The spec's storage optimisation: compress logs, verify that every file of every volume can be read. */
@ApplicationScoped
public class Optimizer {

    static final String NO_DEFRAGMENT = "Defragmentation is not supported: the service cannot defragment a file "
            + "system safely while it is in use; run the file system's own tool (e4defrag, xfs_fsr, btrfs "
            + "filesystem defragment) in a maintenance window";

    @Inject
    Cleanup cleanup;

    @Inject
    VolumeCatalog catalog;

    @Resource
    ManagedExecutorService executor;

    public record Plan(boolean compressLogs, boolean defragment, boolean verifyIntegrity, boolean dryRun) {}

    public record Result(List<String> optimizations, Duration timeTaken, List<String> errors) {}

    public Result run(Plan plan) {
        var started = System.nanoTime();
        var steps = new ArrayList<StepResult.Step>();
        if (plan.compressLogs()) {
            steps.add(new StepResult.Step("Log compression", () -> cleanup.logs(plan.dryRun())));
        }
        if (plan.verifyIntegrity()) {
            steps.add(new StepResult.Step("Integrity check", this::verify));
        }
        var result = StepResult.runConcurrently(steps, executor);
        var errors = new ArrayList<>(result.errors());
        if (plan.defragment()) {
            errors.add(NO_DEFRAGMENT); // requested but not done: an error, so success is false
        }
        return new Result(result.done(), Duration.ofNanos(System.nanoTime() - started), errors);
    }

    /** Reads every byte of every volume, volumes in parallel; read-only, so a dry run does it too. */
    private StepResult verify() {
        var volumes = catalog.volumes().volumes();
        var futures = volumes.stream()
                .map(volume -> CompletableFuture.supplyAsync(() -> TreeWalker.verify(volume.path()), executor))
                .toList();
        var errors = new ArrayList<String>();
        long unreadable = 0;
        for (var i = 0; i < volumes.size(); i++) {
            var stats = futures.get(i).join();
            var name = volumes.get(i).name();
            unreadable += stats.unreadable();
            stats.problems().forEach(problem -> errors.add("Volume " + name + ": " + problem));
            if (stats.unreadable() > stats.problems().size()) {
                errors.add("Volume " + name + ": "
                        + (stats.unreadable() - stats.problems().size()) + " more unreadable entries");
            }
        }
        var summary = "Verified " + volumes.size() + " volumes, found " + unreadable + " errors";
        return new StepResult(List.of(summary), 0, errors);
    }
}
