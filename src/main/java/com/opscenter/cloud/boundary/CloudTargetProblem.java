package com.opscenter.cloud.boundary;

/** A cloud target that did not answer, and why (keys redacted). */
public record CloudTargetProblem(String target, String reason) {}
