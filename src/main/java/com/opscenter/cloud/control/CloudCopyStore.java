package com.opscenter.cloud.control;

import com.opscenter.cloud.entity.CloudCopy;
import com.opscenter.cloud.entity.CloudState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The cloud state of each backup in the database. Short transactions only; no S3 call happens here. */
@ApplicationScoped
@Transactional
public class CloudCopyStore {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    private Clock clock;

    /** For the container's client proxy, and for in-memory fakes in unit tests. */
    protected CloudCopyStore() {}

    @Inject
    public CloudCopyStore(Clock clock) {
        this.clock = clock;
    }

    public Optional<CloudCopy> find(String backupId) {
        return Optional.ofNullable(em.find(CloudCopy.class, backupId));
    }

    public List<CloudCopy> all() {
        return em.createQuery("SELECT c FROM CloudCopy c", CloudCopy.class).getResultList();
    }

    public List<CloudCopy> inState(CloudState state) {
        return em.createQuery("SELECT c FROM CloudCopy c WHERE c.state = :state", CloudCopy.class)
                .setParameter("state", state)
                .getResultList();
    }

    /** Applies a change, creating the row first when the backup has none. */
    public CloudCopy change(String backupId, Consumer<CloudCopy> change) {
        var copy = em.find(CloudCopy.class, backupId);
        if (copy == null) {
            copy = new CloudCopy(backupId, clock.instant());
            em.persist(copy);
        }
        change.accept(copy);
        return copy;
    }

    public void remove(String backupId) {
        var copy = em.find(CloudCopy.class, backupId);
        if (copy != null) {
            em.remove(copy);
        }
    }
}
