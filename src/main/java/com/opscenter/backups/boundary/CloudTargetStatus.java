package com.opscenter.backups.boundary;

import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A backup's copy on one cloud target, as {@link CloudStatus} describes the first target's. */
public record CloudTargetStatus(
        @Schema(
                description = "The cloud target (CLOUD_BACKUP_TARGETS names; 'default' for the target the "
                        + "spec's CLOUD_BACKUP_* variables form)")
        String target,

        String state,
        @JsonbNillable String error,
        long bytesUploaded,
        long bytesTotal,
        double percent,
        int attempts,

        @JsonbNillable String uploadedAt,

        @JsonbNillable String nextAttempt) {

    static CloudTargetStatus of(OffsiteCopies.TargetState copy) {
        var state = copy.state();
        return new CloudTargetStatus(
                copy.target(),
                state.state(),
                state.error(),
                state.bytesUploaded(),
                state.bytesTotal(),
                BackupDetails.Progress.percent(state.bytesUploaded(), state.bytesTotal()),
                state.attempts(),
                Timestamps.iso(state.uploadedAt()),
                Timestamps.iso(state.nextAttemptAt()));
    }

    /** One backup's list, from the states of several; empty while cloud backup is off. */
    static List<CloudTargetStatus> of(Map<String, List<OffsiteCopies.TargetState>> states, String backupId) {
        return states.getOrDefault(backupId, List.of()).stream()
                .map(CloudTargetStatus::of)
                .toList();
    }
}
