package io.vigil.workflows.sweep;

/**
 * The roll-up step's answer: what it rolled up, how many customers the sweep covers, and, when the
 * day is not evaluated (a weekend or a configured holiday), which kind of day ({@code skipKind}:
 * {@code weekend}, {@code holiday}) and why.
 */
public record SweepPlan(RolledUp rolledUp, long customers, String skipKind, String skipReason) {}
