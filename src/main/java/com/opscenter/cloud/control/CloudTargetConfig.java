package com.opscenter.cloud.control;

import com.opscenter.cloud.entity.CloudCopy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the list of cloud targets. The spec's CLOUD_BACKUP_* variables form the target {@code default}: it is
 * the only one when CLOUD_BACKUP_TARGETS is unset, and the first whenever CLOUD_BACKUP_BUCKET is set, unless
 * CLOUD_BACKUP_TARGETS names {@code default} at another place. Every other name in CLOUD_BACKUP_TARGETS is a
 * target set by CLOUD_BACKUP_&lt;NAME&gt;_PROVIDER, _BUCKET, _REGION, _ENDPOINT, _ACCESS_KEY, _SECRET_KEY, _PREFIX,
 * _PATH_STYLE and _CREATE_BUCKET. The order is the order of reading: restores use the first target that has a
 * good copy.
 */
public final class CloudTargetConfig {

    /** A letter, then letters and digits: the name is part of variable names and a database column of 20. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,19}");

    /**
     * Names whose variables would be another setting's: CLOUD_BACKUP_CREATE_BUCKET is the spec target's bucket
     * creation, not the bucket of a target named create.
     */
    private static final Set<String> RESERVED = Set.of("create", "targets");

    /** A named target's settings before its bucket is opened. */
    public record Named(String name, CloudSettings settings) {
        public String variables() {
            return CloudTargetConfig.variables(name);
        }

        public List<String> problems() {
            return settings.problems(variables());
        }
    }

    /** The targets in reading order, and what is wrong with the list itself (not with one target). */
    public record Parsed(List<Named> targets, List<String> problems) {}

    private CloudTargetConfig() {}

    /** The prefix of a target's variables: CLOUD_BACKUP_ for {@code default}, else CLOUD_BACKUP_&lt;NAME&gt;_. */
    public static String variables(String target) {
        return CloudCopy.DEFAULT_TARGET.equals(target)
                ? "CLOUD_BACKUP_"
                : "CLOUD_BACKUP_" + target.toUpperCase(Locale.ROOT) + "_";
    }

    /**
     * @param base the spec's settings (the {@code default} target, and the shared transfer limits)
     * @param config a configuration value by its full key, such as {@code cloud.backup.offsite.bucket}
     */
    public static Parsed parse(CloudSettings base, Function<String, Optional<String>> config) {
        var problems = new ArrayList<String>();
        var names = new LinkedHashSet<String>();
        var list = base.targetList().trim();
        if (!list.isEmpty()) {
            for (var raw : list.split(",", -1)) {
                var name = raw.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    problems.add("CLOUD_BACKUP_TARGETS '" + list + "' has an empty name; separate names by one comma");
                } else if (!NAME.matcher(name).matches()) {
                    problems.add("CLOUD_BACKUP_TARGETS: '" + raw.trim() + "' is not a target name (a letter, then up to"
                            + " 19 letters and digits; it becomes part of CLOUD_BACKUP_<NAME>_BUCKET and the like)");
                } else if (RESERVED.contains(name)) {
                    problems.add("CLOUD_BACKUP_TARGETS: '" + name + "' cannot name a target: CLOUD_BACKUP_"
                            + name.toUpperCase(Locale.ROOT) + "_* would be read as other settings");
                } else if (!names.add(name)) {
                    problems.add("CLOUD_BACKUP_TARGETS names '" + name + "' twice");
                }
            }
        }
        var specBucket = !base.bucket().isEmpty();
        if (list.isEmpty() || (specBucket && !names.contains(CloudCopy.DEFAULT_TARGET))) {
            var ordered = new LinkedHashSet<String>();
            ordered.add(CloudCopy.DEFAULT_TARGET);
            ordered.addAll(names);
            names = ordered;
        }
        var targets = new ArrayList<Named>();
        for (var name : names) {
            var settings = CloudCopy.DEFAULT_TARGET.equals(name)
                    ? base
                    : base.forTarget(key -> config.apply("cloud.backup." + name + "." + key)
                            .map(String::trim)
                            .filter(v -> !v.isEmpty()));
            targets.add(new Named(name, settings));
        }
        if (targets.isEmpty()) {
            problems.add("CLOUD_BACKUP_TARGETS names no usable target");
        }
        return new Parsed(List.copyOf(targets), List.copyOf(problems));
    }
}
