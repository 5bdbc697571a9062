package com.opscenter.platform.boundary;

/** The one error body every failure answers with: {@code {"detail": "..."}}. */
public record ErrorResponse(String detail) {}
