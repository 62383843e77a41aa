package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.util.List;

/** An escalation as an evaluation finds it: a theme that crossed its type's threshold. */
public record EscalationVersion(String type, String themeKey, String theme, String category, List<String> ticketIds,
    int customers, BigDecimal totalArr, String priority, EscalationDetails details) {}
