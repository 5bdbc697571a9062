package com.opscenter.cloud.boundary;

import com.opscenter.cloud.control.BucketCatalog;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a sync copied, what it left alone and why, and what it could not copy and why; with several cloud targets
 * and no {@code ?target=}, every target is synced and {@code targets} has each one's own result (the lists above
 * then hold them all, each reason naming its target).
 */
public record CloudSyncResponse(
        boolean success,
        String direction,
        List<String> copied,
        List<Entry> skipped,
        List<Entry> failed,
        String message,

        @Schema(description = "Each synced target's own result; a target that did not answer has its error")
        List<TargetResult> targets) {

    public record Entry(String backupId, String reason) {}

    /** The answer of one sync per target; with several targets, each reason in the lists names its target. */
    static CloudSyncResponse of(String direction, List<BucketCatalog.TargetSync> results) {
        var several = results.size() > 1;
        var copied = new java.util.LinkedHashSet<String>();
        var skipped = new java.util.ArrayList<Entry>();
        var failed = new java.util.ArrayList<Entry>();
        var perTarget = new java.util.ArrayList<TargetResult>();
        var notAnswered = new java.util.ArrayList<String>();
        for (var result : results) {
            if (!result.answered()) {
                notAnswered.add(result.target() + " (" + result.error() + ")");
                perTarget.add(
                        new TargetResult(result.target(), false, List.of(), List.of(), List.of(), result.error()));
                continue;
            }
            var report = result.report();
            var own = new TargetResult(
                    result.target(),
                    report.failed().isEmpty(),
                    report.copied(),
                    entries(report.skipped(), null),
                    entries(report.failed(), null),
                    null);
            perTarget.add(own);
            copied.addAll(report.copied());
            skipped.addAll(entries(report.skipped(), several ? result.target() : null));
            failed.addAll(entries(report.failed(), several ? result.target() : null));
        }
        var message = "Copied " + copied.size() + ", skipped " + skipped.size() + ", failed " + failed.size()
                + (notAnswered.isEmpty() ? "" : "; not synced: " + String.join("; ", notAnswered));
        return new CloudSyncResponse(
                failed.isEmpty() && notAnswered.isEmpty(),
                results.stream()
                        .filter(BucketCatalog.TargetSync::answered)
                        .map(r -> r.report().direction())
                        .findFirst()
                        .orElse(direction),
                List.copyOf(copied),
                skipped,
                failed,
                message,
                perTarget);
    }

    private static List<Entry> entries(Map<String, String> reasons, String target) {
        return reasons.entrySet().stream()
                .map(e -> new Entry(e.getKey(), target == null ? e.getValue() : target + ": " + e.getValue()))
                .toList();
    }

    /** One target's sync; {@code error} says why the target was not synced at all (it did not answer). */
    public record TargetResult(
            String target,
            boolean success,
            List<String> copied,
            List<Entry> skipped,
            List<Entry> failed,

            @Schema(description = "Why the target was not synced at all (it did not answer); null when it was")
            @JsonbNillable
            String error) {}
}
