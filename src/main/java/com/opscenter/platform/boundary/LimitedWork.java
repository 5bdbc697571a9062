package com.opscenter.platform.boundary;

import com.opscenter.platform.control.DomainException;
import com.opscenter.platform.control.WorkLimits;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs long work (verify, restore) off the request thread: the permit is taken on the request thread, so a caller
 * beyond the limit is refused at once; the work runs on the container's executor and answers through the
 * suspended response, with the same body as if it had run in the request. Request threads stay free for the
 * short calls while archives are read for minutes. Every answer, refusals included, goes through the suspended
 * response and the usual exception mappers.
 */
@ApplicationScoped
public class LimitedWork {

    /** Far beyond any archive this service reads; set so no container default cuts a long restore short. */
    static final Duration ANSWER_TIMEOUT = Duration.ofHours(6);

    @Resource
    ManagedExecutorService executor;

    @Inject
    WorkLimits limits;

    public void answer(AsyncResponse response, WorkLimits.Work work, Callable<?> task) {
        response.setTimeout(ANSWER_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        response.setTimeoutHandler(late -> late.resume(new StillRunning()));
        final com.opscenter.platform.control.Permits.Permit permit;
        try {
            permit = limits.acquire(work);
        } catch (DomainException refused) {
            response.resume(refused);
            return;
        }
        try {
            executor.execute(() -> {
                try (permit) {
                    response.resume(task.call());
                } catch (Throwable failure) {
                    response.resume(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            permit.close();
            response.resume(new StillRunning("The server cannot take this work now; try again later"));
        }
    }

    static final class StillRunning extends DomainException {
        StillRunning() {
            this("The work is still running after " + ANSWER_TIMEOUT.toHours()
                    + " hours; its outcome will be in the audit trail");
        }

        StillRunning(String message) {
            super(Kind.UNAVAILABLE, message, false);
        }
    }
}
