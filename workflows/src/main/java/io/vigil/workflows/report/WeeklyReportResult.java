package io.vigil.workflows.report;

/** What a run came to: the week, and its deliveries by outcome (recorded: kept instead of sent, no credentials). */
public record WeeklyReportResult(String week, int sent, int recorded, int failed) {}
