package io.vigil.workflows.adoption;

/**
 * The gap analysis of one stalled feature: how many of the account's active users ever tried it,
 * when it was last used (null: never), and a sentence for the CSM that also says what support
 * ticket data there is.
 */
public record FeatureGap(String featureId, int usersTried, int activeUsers, String lastUsedOn, String summary) {}
