package com.opscenter.backups.boundary;

import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;

/** A backup's off-site copy: {@code not_uploaded}, {@code uploading}, {@code uploaded} or {@code failed}. */
public record CloudStatus(
        String state,
        @JsonbNillable String error,
        long bytesUploaded,
        long bytesTotal,
        double percent,
        int attempts,

        @JsonbNillable String uploadedAt,

        @JsonbNillable String nextAttempt) {

    static CloudStatus of(OffsiteCopies.State state) {
        return new CloudStatus(
                state.state(),
                state.error(),
                state.bytesUploaded(),
                state.bytesTotal(),
                BackupDetails.Progress.percent(state.bytesUploaded(), state.bytesTotal()),
                state.attempts(),
                Timestamps.iso(state.uploadedAt()),
                Timestamps.iso(state.nextAttemptAt()));
    }
}
