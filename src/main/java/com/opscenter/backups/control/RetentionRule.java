package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.retention.KeepPolicy;
import com.opscenter.retention.Keeps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which backups retention removes: those older than the retention period, except the newest good backup of every
 * volume and every include path (so a backup of volume B never costs volume A its only copy), the newest good
 * backup overall, running backups and backups in use. Only a good backup protects: a failed one, one that
 * completed with warnings (it may lack what it promised) or one that holds no file never takes the place of an
 * older good one. Nor does any of them break a chain: a backup that a staying backup (kept, running, or not
 * governed by the policy at hand) depends on stays too, and says so.
 */
public final class RetentionRule {

    /** What a backup of everything protects when it names no volume and no path. */
    private static final String EVERYTHING = "";

    private RetentionRule() {}

    // The rule below is what every retention here runs: by days alone (the configuration's retention_days, cloud
    // copies) or by a schedule's keep counts and days (decide).

    public static List<Backup> expired(List<Backup> backups, Instant now, int retentionDays, Predicate<String> inUse) {
        return expired(
                backups,
                Backup::id,
                Backup::startedAt,
                b -> b.status() == BackupStatus.COMPLETED && b.filesCount() > 0,
                b -> b.status() == BackupStatus.RUNNING || inUse.test(b.id()),
                RetentionRule::subjects,
                RetentionRule::dependsOn,
                now,
                retentionDays);
    }

    /** What a backup needs: a failed one holds nothing and needs nothing. */
    private static List<String> dependsOn(Backup backup) {
        return backup.status() == BackupStatus.FAILED ? List.of() : backup.dependsOn();
    }

    /** The volumes and include paths a backup holds, each under its own name space. */
    public static List<String> subjects(List<String> volumes, List<String> paths) {
        var subjects = new ArrayList<String>();
        volumes.forEach(v -> subjects.add("volume:" + v));
        paths.forEach(p -> subjects.add("path:" + p));
        return subjects;
    }

    private static List<String> subjects(Backup backup) {
        return subjects(backup.volumes(), backup.paths());
    }

    /** The same rule for anything with an id, a start time and what it holds, such as copies in the cloud. */
    public static <T> List<T> expired(
            List<T> items,
            Function<T, String> id,
            Function<T, Instant> startedAt,
            Predicate<T> good,
            Predicate<T> busy,
            Function<T, ? extends Collection<String>> subjects,
            Instant now,
            int retentionDays) {
        return expired(items, id, startedAt, good, busy, subjects, b -> List.of(), now, retentionDays);
    }

    /** As above, for items that may depend on others ({@code dependsOn}: ids); newest first. */
    public static <T> List<T> expired(
            List<T> items,
            Function<T, String> id,
            Function<T, Instant> startedAt,
            Predicate<T> good,
            Predicate<T> busy,
            Function<T, ? extends Collection<String>> subjects,
            Function<T, ? extends Collection<String>> dependsOn,
            Instant now,
            int retentionDays) {
        var facts = new Facts<T>(id, startedAt, good, good, b -> busy.test(b) ? "in use" : null, subjects, dependsOn);
        return decide(items, b -> true, facts, new Policy(KeepPolicy.NONE, ZoneOffset.UTC, retentionDays), now).stream()
                .filter(verdict -> !verdict.keep())
                .map(Verdict::item)
                .toList();
    }

    /**
     * What retention needs to know of an item: {@code good} ones protect their subjects, {@code complete} ones
     * are counted by the keep rules, {@code busy} says why an item must stay now (null when it need not), and
     * {@code dependsOn} names the items whose content it needs (an increment's holders), which stay while it does.
     */
    public record Facts<T>(
            Function<T, String> id,
            Function<T, Instant> startedAt,
            Predicate<T> good,
            Predicate<T> complete,
            Function<T, String> busy,
            Function<T, ? extends Collection<String>> subjects,
            Function<T, ? extends Collection<String>> dependsOn) {

        /** Items that never depend on one another. */
        public Facts(
                Function<T, String> id,
                Function<T, Instant> startedAt,
                Predicate<T> good,
                Predicate<T> complete,
                Function<T, String> busy,
                Function<T, ? extends Collection<String>> subjects) {
            this(id, startedAt, good, complete, busy, subjects, item -> List.of());
        }
    }

    /** A schedule's policy: keep counts in its zone, and an age (0: none). */
    public record Policy(KeepPolicy keep, ZoneId zone, int retentionDays) {}

    /** One item's fate, with every reason it stays (none when it goes). */
    public record Verdict<T>(T item, boolean keep, List<String> reasons) {}

    /** The facts of catalogued backups, with {@code inUse} telling which are being read (verified, restored...). */
    public static Facts<Backup> backupFacts(Predicate<String> inUse) {
        return new Facts<>(
                Backup::id,
                Backup::startedAt,
                b -> b.status() == BackupStatus.COMPLETED && b.filesCount() > 0,
                b -> b.status().isComplete(),
                b -> b.status() == BackupStatus.RUNNING ? "running" : inUse.test(b.id()) ? "in use" : null,
                RetentionRule::subjects,
                RetentionRule::dependsOn);
    }

    /**
     * Decides the {@code governed} items of {@code all} by {@code policy}: an item stays for each keep rule that
     * keeps it (counting only governed complete items), while younger than the policy's days, while busy, and
     * while it is the newest good backup of a volume or path, a protection taken across {@code all}, so no
     * policy ever removes the only good copy of what another policy's backups no longer hold. Last, an item
     * stays while anything that stays depends on it: every item of {@code all} the policy does not govern (this
     * run removes none of them), every governed item kept for any reason, and, in turn, what those depend on. An
     * item only depended on by items that go, goes with them. Newest first.
     */
    public static <T> List<Verdict<T>> decide(
            List<T> all, Predicate<T> governed, Facts<T> facts, Policy policy, Instant now) {
        Comparator<T> newestFirst = Comparator.comparing(facts.startedAt())
                .thenComparing(facts.id())
                .reversed();
        Map<T, List<String>> protection = new HashMap<>();
        var seen = new HashSet<String>();
        all.stream().filter(facts.good()).sorted(newestFirst).forEach(item -> {
            var subjects = new ArrayList<String>();
            subjects.add(EVERYTHING);
            subjects.addAll(facts.subjects().apply(item));
            for (var subject : subjects) {
                if (seen.add(subject)) {
                    protection.computeIfAbsent(item, i -> new ArrayList<>()).add(describe(subject));
                }
            }
        });
        var governedItems = all.stream().filter(governed).sorted(newestFirst).toList();
        var kept = policy.keep().isEmpty()
                ? Map.<T, List<Keeps.Reason>>of()
                : Keeps.of(
                        governedItems.stream().filter(facts.complete()).toList(),
                        facts.id(),
                        facts.startedAt(),
                        policy.keep(),
                        policy.zone());
        var cutoff = now.minus(Duration.ofDays(policy.retentionDays()));
        var reasonsOf = new LinkedHashMap<T, List<String>>();
        for (var item : governedItems) {
            var reasons = new ArrayList<String>();
            kept.getOrDefault(item, List.of()).forEach(reason -> reasons.add(reason.toString()));
            if (policy.retentionDays() > 0 && !facts.startedAt().apply(item).isBefore(cutoff)) {
                reasons.add("within retention_days (" + policy.retentionDays() + ")");
            }
            var busy = facts.busy().apply(item);
            if (busy != null) {
                reasons.add(busy);
            }
            reasons.addAll(protection.getOrDefault(item, List.of()));
            reasonsOf.put(item, reasons);
        }
        var staying = all.stream()
                .filter(item ->
                        !reasonsOf.containsKey(item) || !reasonsOf.get(item).isEmpty())
                .toList();
        neededBy(all, staying, facts).forEach((item, dependants) -> {
            var reasons = reasonsOf.get(item);
            if (reasons != null) {
                reasons.add(chain(dependants));
            }
        });
        var verdicts = new ArrayList<Verdict<T>>();
        reasonsOf.forEach(
                (item, reasons) -> verdicts.add(new Verdict<>(item, !reasons.isEmpty(), List.copyOf(reasons))));
        return verdicts;
    }

    /**
     * For every item that something staying depends on, the ids of those staying dependants; what an item kept
     * this way depends on stays in turn (an increment's own list names every holder, but a chain kept whole
     * must not hinge on that).
     */
    private static <T> Map<T, SortedSet<String>> neededBy(List<T> all, List<T> staying, Facts<T> facts) {
        var byId = new HashMap<String, T>();
        all.forEach(item -> byId.put(facts.id().apply(item), item));
        var stays = new HashSet<>(staying);
        var queue = new ArrayDeque<>(staying);
        var needed = new HashMap<T, SortedSet<String>>();
        while (!queue.isEmpty()) {
            var item = queue.poll();
            for (var holderId : facts.dependsOn().apply(item)) {
                var holder = byId.get(holderId);
                if (holder == null || holder == item) {
                    continue;
                }
                needed.computeIfAbsent(holder, h -> new TreeSet<>())
                        .add(facts.id().apply(item));
                if (stays.add(holder)) {
                    queue.add(holder);
                }
            }
        }
        return needed;
    }

    private static String chain(SortedSet<String> dependants) {
        var names = new ArrayList<>(dependants);
        var list = names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return "kept for its chain: " + list + (names.size() == 1 ? " depends" : " depend") + " on it";
    }

    private static String describe(String subject) {
        if (subject.equals(EVERYTHING)) {
            return "newest good backup";
        }
        var colon = subject.indexOf(':');
        return "newest good backup of " + subject.substring(0, colon) + " " + subject.substring(colon + 1);
    }
}
