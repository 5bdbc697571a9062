package com.opscenter.platform.control;

/** This server's name, fixed for a unit test. */
public final class FixedNode extends NodeIdentity {

    private final String name;

    public FixedNode(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String legacyName() {
        return name;
    }
}
