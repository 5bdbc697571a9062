package com.opscenter.archive;

import java.util.ArrayList;
import java.util.List;

/** The error list, capped so that a badly broken archive cannot produce an unbounded response. */
final class VerificationErrors {

    private static final int MAX_REPORTED_ERRORS = 1000;

    private final List<String> list = new ArrayList<>();
    private int count;

    void add(String error) {
        count++;
        if (list.size() < MAX_REPORTED_ERRORS) {
            list.add(error);
        }
    }

    void addFirst(String error) {
        count++;
        list.add(0, error);
    }

    int count() {
        return count;
    }

    List<String> list() {
        List<String> out = new ArrayList<>(list);
        if (count > out.size()) {
            out.add("... and " + (count - out.size()) + " more errors");
        }
        return List.copyOf(out);
    }
}
