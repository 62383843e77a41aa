package io.vigil.activities.delivery;

import io.temporal.activity.Activity;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.ProviderFailures;
import io.vigil.infra.DeliveryFailure;
import io.vigil.infra.metrics.VigilMetrics;
import io.vigil.infra.google.GoogleGateway;
import io.vigil.infra.persistence.Notification;
import io.vigil.infra.persistence.NotificationRepository;
import io.vigil.infra.persistence.PgArrays;
import io.vigil.infra.persistence.User;
import io.vigil.infra.slack.SlackBlocks;
import io.vigil.infra.slack.SlackGateway;
import io.vigil.workflows.common.Delivery;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Slack DM and email goes through here, exactly once per delivery key:
 *
 * <ol>
 *   <li>claim a notifications row for the key (pending);
 *   <li>a row already sent, recorded or failed is the answer, nothing is sent again;
 *   <li>a pending row means an earlier attempt died mid-send: ask the provider whether the message
 *       carrying this key arrived (Slack message metadata, Gmail Message-ID) before sending;
 *   <li>without credentials the message is recorded instead of sent.
 * </ol>
 *
 * Provider failures become Temporal failures: rate limits retry after the provider's own delay,
 * permanent errors (invalid_auth) do not retry at all. A Slack DM that fails for good, or still fails
 * on the step's {@value #SLACK_ATTEMPTS}rd attempt, is recorded as failed (with Slack's reason) and
 * the same text goes by email on the remaining attempts. When those are spent too, the workflow
 * records the step as failed ({@code BestEffort}) and marks what is still pending failed.
 */
@Singleton
public class Deliveries {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  /**
   * The attempts of a step that try Slack; from this one on, a Slack failure of any kind sends the
   * email instead (the NOTIFICATION profile allows 8 attempts in all).
   */
  static final int SLACK_ATTEMPTS = 3;

  private final Lookups lookups;
  private final NotificationRepository notifications;
  private final SlackGateway slack;
  private final GoogleGateway google;
  private final VigilMetrics metrics;

  public Deliveries(Lookups lookups, NotificationRepository notifications, SlackGateway slack, GoogleGateway google,
      VigilMetrics metrics) {
    this.metrics = metrics;
    this.lookups = lookups;
    this.notifications = notifications;
    this.slack = slack;
    this.google = google;
  }

  /** A direct message to a Vigil user about one customer. */
  public Delivery toUser(String key, String userId, String customerId, String subject, String text, String workflowId) {
    return toUser(key, userId, customerId, subject, text, workflowId, null);
  }

  /** As above, with Block Kit {@code buttons} under the Slack DM's text (see below). */
  public Delivery toUser(String key, String userId, String customerId, String subject, String text, String workflowId,
      SlackBlocks.Buttons buttons) {
    return toUser(key, userId, customerId == null ? List.of() : List.of(customerId), subject, text, workflowId, buttons);
  }

  /** As above, to a {@code user} the step has already read (not read again). */
  public Delivery toUser(String key, User user, String customerId, String subject, String text, String workflowId,
      SlackBlocks.Buttons buttons) {
    return toUser(key, user, customerId == null ? List.of() : List.of(customerId), subject, text, workflowId, buttons);
  }

  /**
   * A direct message to a Vigil user: Slack DM when connected, else the same text by email, read out of
   * Slack's markup ({@link SlackMarkup}: plain text with an HTML alternative). It is
   * listed under every customer in {@code customerIds}.
   */
  public Delivery toUser(String key, String userId, List<String> customerIds, String subject, String text,
      String workflowId) {
    return toUser(key, userId, customerIds, subject, text, workflowId, null);
  }

  /**
   * As above, the Slack DM in Block Kit with {@code buttons} (null: none) under its text; the text stays
   * the notification's fallback and the email's content (an email has no buttons: its links do).
   */
  public Delivery toUser(String key, String userId, List<String> customerIds, String subject, String text,
      String workflowId, SlackBlocks.Buttons buttons) {
    return toUser(key, lookups.user(userId), customerIds, subject, text, workflowId, buttons);
  }

  private Delivery toUser(String key, User user, List<String> customerIds, String subject, String text,
      String workflowId, SlackBlocks.Buttons buttons) {
    if (slack.isConnected() && user.slackUserId() != null && !user.slackUserId().isBlank()) {
      Delivery viaSlack = slackDm(key + "/slack", user, customerIds, text, workflowId, buttons);
      if (!"failed".equals(viaSlack.status())) {
        return viaSlack;
      }
      LOG.warn("Slack DM {} failed; falling back to email to {}", key, user.email());
    }
    return email(key + "/email", null, user.email(), customerIds, subject, SlackMarkup.toPlainText(text),
        () -> SlackMarkup.toHtml(text), workflowId, false);
  }

  /**
   * A message to a Slack channel (its id; the bot must be a member: the weekly report, escalations'
   * destinations), about the given customers (none for a report): recorded when Slack is not
   * connected. A channel has no email to fall back on: a permanent refusal (channel_not_found,
   * not_in_channel) is recorded as failed. Asks Slack first when an earlier attempt died mid-post,
   * like a DM.
   */
  public Delivery toChannel(String key, String channel, List<String> customerIds, String text, String workflowId) {
    Claim claim = claim(key, customerIds, "slack", channel, null, text, workflowId);
    if (claim.finished() != null) {
      return claim.finished();
    }
    if (!slack.isConnected()) {
      return complete(key, "recorded", null, null, null);
    }
    try {
      Optional<String> earlier = claim.resumed() ? slack.findPosted(channel, key) : Optional.empty();
      String ts = earlier.isPresent() ? earlier.get() : slack.post(channel, text, key);
      return complete(key, "sent", ts, channel, null);
    } catch (DeliveryFailure failure) {
      throw handle(key, failure);
    }
  }

  /**
   * The Slack DM {@link #toUser} sent under {@code key}, re-posted in place ({@code chat.update}) with
   * {@code addedText} beneath its text and {@code buttons} under both; answers false, changing
   * nothing, when that DM did not go by Slack (it went by email, failed, or was never sent) or went
   * to another Slack user than {@code slackUserId}. Replacing a message with the same content is
   * harmless, so a retry needs no claim of its own.
   */
  public boolean amendSlackDm(String key, String slackUserId, String addedText, SlackBlocks.Buttons buttons) {
    Optional<Notification> dm = notifications.findByIdempotencyKey(key + "/slack")
        .filter(n -> "sent".equals(n.status()) && n.externalId() != null && n.externalThread() != null)
        .filter(n -> n.recipient().equals(slackUserId));
    if (dm.isEmpty() || !slack.isConnected()) {
      return false;
    }
    String text = dm.get().text() + "\n\n" + addedText;
    try {
      slack.update(dm.get().externalThread(), dm.get().externalId(), text, SlackBlocks.dm(text, buttons));
      return true;
    } catch (DeliveryFailure failure) {
      throw ProviderFailures.of(failure, "Delivery");
    }
  }

  /** An email from {@code from} (null: the connected account itself), sent or left as a Gmail draft. */
  public Delivery email(String key, String from, String to, String customerId, String subject, String text,
      String workflowId, boolean asDraft) {
    return email(key, from, to, customerId == null ? List.of() : List.of(customerId), subject, text, null, workflowId,
        asDraft);
  }

  /**
   * {@code html}: an HTML alternative of {@code text} (null: plain text only), made only when the email
   * goes to Gmail (not when it is recorded or was delivered already); the stored text is {@code text}.
   */
  private Delivery email(String key, String from, String to, List<String> customerIds, String subject, String text,
      Supplier<String> html, String workflowId, boolean asDraft) {
    Claim claim = claim(key, customerIds, "email", to, subject, text, workflowId);
    if (claim.finished() != null) {
      return claim.finished();
    }
    if (!google.isConnected()) {
      return complete(key, "recorded", null, null, null);
    }
    String messageId = messageIdFor(key);
    Optional<String> earlier = claim.resumed() ? google.findSent(from, messageId) : Optional.empty();
    if (earlier.isPresent()) {
      return complete(key, asDraft ? "drafted" : "sent", earlier.get(), null, null);
    }
    try {
      String id = asDraft
          ? google.createDraft(from, to, subject, text, messageId)
          : google.send(from, to, subject, text, html == null ? null : html.get(), messageId);
      return complete(key, asDraft ? "drafted" : "sent", id, null, null);
    } catch (DeliveryFailure failure) {
      throw handle(key, failure);
    }
  }

  private Delivery slackDm(String key, User user, List<String> customerIds, String text, String workflowId,
      SlackBlocks.Buttons buttons) {
    Claim claim = claim(key, customerIds, "slack", user.slackUserId(), null, text, workflowId);
    if (claim.finished() != null) {
      return claim.finished();
    }
    try {
      String channel = slack.openDirectMessage(user.slackUserId());
      Optional<String> earlier = claim.resumed() ? slack.findPosted(channel, key) : Optional.empty();
      String ts = earlier.isPresent() ? earlier.get()
          : slack.post(channel, text, buttons == null ? null : SlackBlocks.dm(text, buttons), key);
      return complete(key, "sent", ts, channel, null);
    } catch (DeliveryFailure failure) {
      if (failure.kind() == DeliveryFailure.Kind.PERMANENT || attempt() >= SLACK_ATTEMPTS) {
        return complete(key, "failed", null, null, failure.getMessage());
      }
      throw handle(key, failure);
    }
  }

  /** The attempt of the running activity (1 for the first); 1 outside an activity. */
  private static int attempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException notInAnActivity) {
      return 1;
    }
  }

  /** The outcome of claiming a key: a finished delivery, or a go-ahead (resumed: an earlier attempt died mid-send). */
  private record Claim(Delivery finished, boolean resumed) {}

  private Claim claim(String key, List<String> customerIds, String channel, String recipient, String subject,
      String text, String workflowId) {
    String firstCustomer = customerIds.isEmpty() ? null : customerIds.get(0);
    if (notifications.claim(key, firstCustomer, channel, recipient, subject, text, workflowId,
        PgArrays.literal(customerIds)) == 1) {
      return new Claim(null, false);
    }
    Notification existing = notifications.findByIdempotencyKey(key).orElseThrow();
    return "pending".equals(existing.status()) ? new Claim(null, true) : new Claim(toDelivery(existing), false);
  }

  /** A stable Message-ID per delivery key, so a resumed send can find its own earlier message. */
  static String messageIdFor(String key) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "<" + java.util.HexFormat.of().formatHex(digest, 0, 16) + "@vigil.local>";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Delivery complete(String key, String status, String externalId, String thread, String error) {
    Notification completed = notifications.complete(key, status, externalId, thread, error);
    if (completed == null) {
      throw new IllegalStateException("no delivery " + key + " to complete: it is claimed before it is sent");
    }
    Delivery done = toDelivery(completed);
    metrics.delivery(done.channel(), status);
    return done;
  }

  private RuntimeException handle(String key, DeliveryFailure failure) {
    if (failure.kind() == DeliveryFailure.Kind.PERMANENT) {
      complete(key, "failed", null, null, failure.getMessage());
    }
    return ProviderFailures.of(failure, "Delivery");
  }

  private static Delivery toDelivery(Notification n) {
    return new Delivery(n.id(), n.channel(), n.status(), n.externalId());
  }
}
