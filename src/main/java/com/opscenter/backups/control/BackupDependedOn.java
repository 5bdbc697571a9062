package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;
import java.util.List;

/**
 * A backup that increments depend on: their archives hold only what changed, the rest is in this one, so deleting
 * it first would leave them unrestorable. They go first.
 */
public final class BackupDependedOn extends DomainException {

    public BackupDependedOn(String id, List<String> dependants) {
        super(Kind.CONFLICT, message(id, dependants));
    }

    private static String message(String id, List<String> dependants) {
        var names = dependants.size() == 1
                ? dependants.get(0)
                : String.join(", ", dependants.subList(0, dependants.size() - 1)) + " and "
                        + dependants.get(dependants.size() - 1);
        return id + " cannot be deleted: " + names + (dependants.size() == 1 ? " depends" : " depend")
                + " on it; delete " + (dependants.size() == 1 ? "it" : "them") + " first";
    }
}
