package io.vigil.activities.tickets;

/** A ticket whose category a person decided: a line of the shipped training set, or a correction. */
public record LabeledTicket(TicketCategory category, String subject, String body) {}
