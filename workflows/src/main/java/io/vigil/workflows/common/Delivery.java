package io.vigil.workflows.common;

/** One Slack or email delivery as stored in notifications: sent, recorded (no credentials) or failed. */
public record Delivery(long notificationId, String channel, String status, String externalId) {}
