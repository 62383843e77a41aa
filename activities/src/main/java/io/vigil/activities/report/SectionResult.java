package io.vigil.activities.report;

import java.util.List;

/**
 * What a section computed: its content (a record serialized into the report's JSON), the priorities
 * it recommends for next week, and its text for the deliveries.
 */
public record SectionResult(Object content, List<Priority> priorities, ReportText.Block text) {}
