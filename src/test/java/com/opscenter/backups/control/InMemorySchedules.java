package com.opscenter.backups.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The schedules for unit tests: {@code default} from the in-memory configuration, the others in a map. */
public class InMemorySchedules extends BackupSchedules {

    private final BackupConfigStore configs;
    private final TreeMap<String, Schedule> named = new TreeMap<>();

    public InMemorySchedules(BackupConfigStore configs) {
        this.configs = configs;
    }

    /** Adds or replaces a named schedule, as another server's request would. */
    public InMemorySchedules put(Schedule schedule) {
        named.put(schedule.name(), schedule);
        return this;
    }

    public void remove(String name) {
        named.remove(name);
    }

    @Override
    public List<Schedule> all() {
        var all = new ArrayList<Schedule>();
        all.add(Schedule.of(configs.current()));
        all.addAll(named.values());
        return all;
    }

    @Override
    public Optional<Schedule> find(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
