package com.opscenter.platform.control;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** An {@link Event} that remembers what was fired, synchronously and asynchronously, and may pass it on. */
public final class RecordingEvent<T> implements Event<T> {

    public final List<T> fired = Collections.synchronizedList(new ArrayList<>());
    public final List<T> firedAsync = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<T> observer;

    public RecordingEvent() {
        this(event -> {});
    }

    /** Passes every synchronous event to {@code observer}, as the container would to an observer method. */
    public RecordingEvent(Consumer<T> observer) {
        this.observer = observer;
    }

    @Override
    public void fire(T event) {
        fired.add(event);
        observer.accept(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
        firedAsync.add(event);
        return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        return fireAsync(event);
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
