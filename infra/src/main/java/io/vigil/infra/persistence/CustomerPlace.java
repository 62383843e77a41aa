package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;

/** Where a customer is, as far as calendars go: its own country (may be null) and its region. */
public record CustomerPlace(String customerId, @Nullable String country, String region) {}
