package com.opscenter.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * How many backups a schedule keeps, in restic's sense ({@code restic forget --keep-*}): the newest {@code last},
 * and the newest backup of each of the newest {@code hourly} hours, {@code daily} days, {@code weekly} ISO weeks,
 * {@code monthly} months and {@code yearly} years that have a backup. Zero means the rule is not used. Periods
 * are counted only when they hold a backup: a week without backups does not use up a weekly.
 */
public record KeepPolicy(int last, int hourly, int daily, int weekly, int monthly, int yearly) {

    /** Far beyond any real policy; a larger count is a typing error, not a wish. */
    public static final int MAX_COUNT = 100_000;

    public static final KeepPolicy NONE = new KeepPolicy(0, 0, 0, 0, 0, 0);

    public KeepPolicy {
        for (var count : List.of(last, hourly, daily, weekly, monthly, yearly)) {
            if (count < 0 || count > MAX_COUNT) {
                throw new IllegalArgumentException(
                        "a keep count must be between 0 and " + MAX_COUNT + ", not " + count);
            }
        }
    }

    /** True when no rule is used: the policy keeps nothing by itself. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The rules in use, in the order restic applies and reports them. */
    List<Rule> rules() {
        var rules = new ArrayList<Rule>();
        add(rules, Period.LAST, last);
        add(rules, Period.HOURLY, hourly);
        add(rules, Period.DAILY, daily);
        add(rules, Period.WEEKLY, weekly);
        add(rules, Period.MONTHLY, monthly);
        add(rules, Period.YEARLY, yearly);
        return rules;
    }

    private static void add(List<Rule> rules, Period period, int count) {
        if (count > 0) {
            rules.add(new Rule(period, count));
        }
    }

    record Rule(Period period, int count) {}
}
