package com.opscenter.backups.control;

import com.opscenter.backups.entity.QuiescedContainer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stopped-containers table in a map, for tests of the beans above it; refuses a second row per container. */
public class InMemoryQuiescedContainers extends QuiescedContainers {

    public final Map<String, QuiescedContainer> rows = new LinkedHashMap<>();

    @Override
    public synchronized void add(QuiescedContainer container) {
        if (rows.putIfAbsent(container.containerId(), container) != null) {
            throw new IllegalStateException("duplicate key " + container.containerId());
        }
    }

    @Override
    public synchronized Optional<QuiescedContainer> find(String containerId) {
        return Optional.ofNullable(rows.get(containerId));
    }

    @Override
    public synchronized void remove(String containerId) {
        rows.remove(containerId);
    }

    @Override
    public synchronized List<QuiescedContainer> ofNode(String node) {
        return rows.values().stream()
                .filter(r -> r.node().equals(node))
                .sorted(Comparator.comparing(QuiescedContainer::since))
                .toList();
    }
}
