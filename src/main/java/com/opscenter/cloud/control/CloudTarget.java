package com.opscenter.cloud.control;

import java.util.List;

/** One place every backup is copied to: its name, its settings and its bucket. */
public record CloudTarget(String name, CloudSettings settings, ObjectStore store) {

    /** What is wrong with this target's settings, naming its own variables. */
    public List<String> problems() {
        return settings.problems(CloudTargetConfig.variables(name));
    }
}
