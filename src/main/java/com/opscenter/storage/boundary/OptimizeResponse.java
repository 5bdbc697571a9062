package com.opscenter.storage.boundary;

import com.opscenter.platform.boundary.Timestamps;
import com.opscenter.storage.control.Optimizer;
import java.util.List;

public record OptimizeResponse(boolean success, List<String> optimizations, String timeTaken, List<String> errors) {

    static OptimizeResponse of(Optimizer.Result result) {
        return new OptimizeResponse(
                result.errors().isEmpty(),
                result.optimizations(),
                Timestamps.durationMicros(result.timeTaken()),
                result.errors());
    }
}
