package com.opscenter.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one clock of the application: the beans take the time from an injected {@link Clock}, so unit tests can
 * drive their rules with a fixed or adjustable one instead of waiting for real time.
 */
@ApplicationScoped
public class Clocks {

    /** Dependent, not application-scoped: the system clock is immutable, and a client proxy of a JDK class buys nothing. */
    @Produces
    @Dependent
    Clock systemUTC() {
        return Clock.systemUTC();
    }
}
