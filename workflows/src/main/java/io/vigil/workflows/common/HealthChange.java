package io.vigil.workflows.common;

public record HealthChange(int before, int after) {}
