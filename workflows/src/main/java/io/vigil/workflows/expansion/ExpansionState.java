package io.vigil.workflows.expansion;

import java.time.Instant;
import java.time.LocalDate;

/** Where an expansion opportunity stands: when it was found and told, until when it suppresses new triggers. */
public record ExpansionState(String stage, LocalDate asOf, Instant openedAt, Instant cooldownUntil,
    int suppressedTriggers) {}
