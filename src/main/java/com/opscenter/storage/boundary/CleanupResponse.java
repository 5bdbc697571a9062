package com.opscenter.storage.boundary;

import com.opscenter.storage.control.StepResult;
import java.util.List;

/** {@code freed_space} counts bytes actually freed: 0 in a dry run. */
public record CleanupResponse(boolean success, long freedSpace, List<String> actionsPerformed, List<String> errors) {

    static CleanupResponse of(StepResult result) {
        return new CleanupResponse(result.success(), result.freedBytes(), result.done(), result.errors());
    }
}
