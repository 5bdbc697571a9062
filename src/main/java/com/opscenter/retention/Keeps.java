package com.opscenter.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which backups a {@link KeepPolicy} keeps, and why, by restic's algorithm ({@code restic forget}, 0.15 and
 * later): newest first, each rule keeps a backup whose period differs from the last one it kept, while its count
 * lasts. When a rule still has count left at the oldest backup, the oldest is kept too, so a young schedule keeps
 * its whole short history instead of losing its first backup. Periods are taken in {@code zone}, the schedule's.
 */
public final class Keeps {

    private Keeps() {}

    /** One reason a backup stays: the rule and the period it stands for ({@code daily}, {@code 2026-11-30}). */
    public record Reason(Period period, String label, boolean oldest) {
        @Override
        public String toString() {
            return (oldest ? "oldest " : "") + period.word() + " " + label;
        }
    }

    /**
     * The backups {@code policy} keeps, each with its reasons, newest first; {@code items} in any order. Items with
     * the same time are ordered by {@code id}, newest-first ties broken by the larger id.
     */
    public static <T> Map<T, List<Reason>> of(
            List<T> items, Function<T, String> id, Function<T, Instant> time, KeepPolicy policy, ZoneId zone) {
        var newestFirst = items.stream()
                .sorted(Comparator.comparing(time).thenComparing(id).reversed())
                .toList();
        var rules = policy.rules();
        var left = new int[rules.size()];
        var lastLabel = new String[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            left[r] = rules.get(r).count();
        }
        var kept = new LinkedHashMap<T, List<Reason>>();
        for (int position = 0; position < newestFirst.size(); position++) {
            var item = newestFirst.get(position);
            var at = time.apply(item).atZone(zone);
            var oldest = position == newestFirst.size() - 1;
            var reasons = new ArrayList<Reason>();
            for (int r = 0; r < rules.size(); r++) {
                if (left[r] == 0) {
                    continue;
                }
                var period = rules.get(r).period();
                var label = period.label(at, position);
                if (!label.equals(lastLabel[r]) || oldest) {
                    reasons.add(new Reason(period, label, label.equals(lastLabel[r])));
                    lastLabel[r] = label;
                    left[r]--;
                }
            }
            if (!reasons.isEmpty()) {
                kept.put(item, List.copyOf(reasons));
            }
        }
        return kept;
    }
}
