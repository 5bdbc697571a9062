package com.opscenter.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeepsTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    record Snap(String id, Instant time) {}

    static List<Snap> at(String... times) {
        return Arrays.stream(times)
                .map(t -> new Snap(t, LocalDateTime.parse(t).toInstant(ZoneOffset.UTC)))
                .toList();
    }

    static Map<String, String> keep(List<Snap> snaps, KeepPolicy policy, ZoneId zone) {
        return Keeps.of(snaps, Snap::id, Snap::time, policy, zone).entrySet().stream()
                .collect(Collectors.toMap(
                        e -> e.getKey().id(),
                        e -> e.getValue().stream().map(Keeps.Reason::toString).collect(Collectors.joining(", "))));
    }

    @Test
    void dailyKeepsTheNewestOfEachDayThatHasABackupAndSkipsEmptyDays() {
        var snaps =
                at("2026-11-30T23:00", "2026-11-30T01:00", "2026-11-28T12:00", "2026-11-20T08:00", "2026-11-19T08:00");

        assertThat(keep(snaps, new KeepPolicy(0, 0, 3, 0, 0, 0), UTC))
                .containsOnly(
                        Map.entry("2026-11-30T23:00", "daily 2026-11-30"),
                        Map.entry("2026-11-28T12:00", "daily 2026-11-28"),
                        Map.entry("2026-11-20T08:00", "daily 2026-11-20"));
    }

    @Test
    void aBackupKeptForSeveralRulesNamesEachAndUsesACountOfEach() {
        var snaps = at("2026-11-30T23:00", "2026-11-30T22:00", "2026-11-29T22:00", "2026-11-22T10:00");

        assertThat(keep(snaps, new KeepPolicy(2, 0, 2, 2, 0, 0), UTC))
                .as("Monday 2026-11-30 opens week 49; both weeklies are used before 2026-11-22")
                .containsOnly(
                        Map.entry("2026-11-30T23:00", "last #1, daily 2026-11-30, weekly 2026-W49"),
                        Map.entry("2026-11-30T22:00", "last #2"),
                        Map.entry("2026-11-29T22:00", "daily 2026-11-29, weekly 2026-W48"));
    }

    @Test
    void whileACountIsLeftTheOldestBackupStaysToo() {
        // Two backups on the same day, a policy of seven dailies: restic 0.15+ keeps the first one as well.
        var snaps = at("2026-11-30T23:00", "2026-11-30T01:00");

        assertThat(keep(snaps, new KeepPolicy(0, 0, 7, 0, 0, 0), UTC))
                .containsOnly(
                        Map.entry("2026-11-30T23:00", "daily 2026-11-30"),
                        Map.entry("2026-11-30T01:00", "oldest daily 2026-11-30"));
        assertThat(keep(snaps, new KeepPolicy(0, 0, 1, 0, 0, 0), UTC))
                .as("no count left: the oldest goes")
                .containsOnlyKeys("2026-11-30T23:00");
    }

    @Test
    void weeksAreIsoWeeksAcrossTheTurnOfTheYear() {
        // 2026-12-31 is a Thursday: it and Friday 2027-01-01 both lie in 2026-W53; Monday 2027-01-04 opens 2027-W01.
        var snaps = at("2027-01-04T10:00", "2027-01-01T10:00", "2026-12-31T10:00", "2026-12-28T10:00");

        assertThat(keep(snaps, new KeepPolicy(0, 0, 0, 3, 0, 0), UTC))
                .containsOnly(
                        Map.entry("2027-01-04T10:00", "weekly 2027-W01"),
                        Map.entry("2027-01-01T10:00", "weekly 2026-W53"),
                        Map.entry("2026-12-28T10:00", "oldest weekly 2026-W53"));
    }

    @Test
    void periodsAreTakenInTheSchedulesZone() {
        // 23:30 UTC on the 29th is already the 30th in Berlin: one day there, two in UTC.
        var snaps = at("2026-11-30T10:00", "2026-11-29T23:30");

        assertThat(keep(snaps, new KeepPolicy(0, 0, 1, 0, 0, 0), ZoneId.of("Europe/Berlin")))
                .containsOnlyKeys("2026-11-30T10:00");
        assertThat(keep(snaps, new KeepPolicy(0, 0, 2, 0, 0, 0), UTC))
                .containsOnlyKeys("2026-11-30T10:00", "2026-11-29T23:30");
    }

    @Test
    void anEmptyPolicyKeepsNothingAndCountsAreBounded() {
        assertThat(keep(at("2026-11-30T10:00"), KeepPolicy.NONE, UTC)).isEmpty();
        assertThat(KeepPolicy.NONE.isEmpty()).isTrue();
        assertThat(new KeepPolicy(0, 0, 0, 0, 0, 1).isEmpty()).isFalse();
        assertThatThrownBy(() -> new KeepPolicy(-1, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeepPolicy(0, 0, 0, 0, 0, KeepPolicy.MAX_COUNT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrderOfTheInputDoesNotMatter() {
        var snaps = at("2026-11-28T12:00", "2026-11-30T23:00", "2026-11-20T08:00", "2026-11-30T01:00");
        Function<List<Snap>, Map<String, String>> keep = s -> keep(s, new KeepPolicy(1, 0, 2, 0, 0, 0), UTC);

        var reversed = new java.util.ArrayList<>(snaps);
        java.util.Collections.reverse(reversed);

        assertThat(keep.apply(snaps)).isEqualTo(keep.apply(reversed));
    }
}
