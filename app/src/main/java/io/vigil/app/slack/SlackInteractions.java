package io.vigil.app.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Limits;
import io.vigil.app.alerts.AlertMoves;
import io.vigil.app.approvals.DraftDecisions;
import io.vigil.infra.DeliveryFailure;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.Notification;
import io.vigil.infra.persistence.NotificationRepository;
import io.vigil.infra.slack.SlackBlocks;
import io.vigil.infra.slack.SlackGateway;
import io.vigil.workflows.common.DraftDecision;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a click in a Vigil DM does (docs/slack.md), acting as the clicker's Vigil user
 * ({@link SlackActors}): Approve decides the draft through {@link DraftDecisions}, the same Workflow
 * Update as the API; Edit and Reject open a modal and decide when it is submitted; Snooze acknowledges
 * the alert and holds its repeats. A decision replaces the message's buttons with who decided and when.
 * Whatever is refused (not linked, not allowed, already decided) is told to the clicker alone, in words,
 * and changes nothing. A refused or failing Slack call after a decision does not undo it: it is logged.
 */
@Singleton
public class SlackInteractions {
  private static final Logger LOG = LoggerFactory.getLogger(SlackInteractions.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final SlackActors actors;
  private final DraftDecisions decisions;
  private final AlertMoves moves;
  private final NotificationRepository notifications;
  private final SlackGateway slack;
  private final Clock clock;

  public SlackInteractions(SlackActors actors, DraftDecisions decisions, AlertMoves moves,
      NotificationRepository notifications, SlackGateway slack, Clock clock) {
    this.actors = actors;
    this.decisions = decisions;
    this.moves = moves;
    this.notifications = notifications;
    this.slack = slack;
    this.clock = clock;
  }

  /** Slack's answer to a modal submission: null closes the modal; errors are shown beside their fields. */
  public record ModalAnswer(Map<String, String> errors) {
    static ModalAnswer close() {
      return new ModalAnswer(null);
    }

    static ModalAnswer error(String block, String message) {
      return new ModalAnswer(Map.of(block, message));
    }
  }

  /** Where the clicked message is: to update it once decided, to whisper to the clicker beside it. */
  record Origin(String channel, String ts) {
    String encoded() {
      return channel + "|" + ts;
    }

    static Origin decode(String encoded) {
      String[] parts = encoded == null ? new String[0] : encoded.split("\\|", -1);
      return parts.length == 2 ? new Origin(parts[0], parts[1]) : new Origin(null, null);
    }
  }

  public void blockAction(JsonNode payload) {
    JsonNode action = payload.path("actions").path(0);
    String actionId = action.path("action_id").asText("");
    if (SlackBlocks.VIEW.equals(actionId) || actionId.isEmpty()) {
      return; // a link button: Slack opens the page, and tells us as well
    }
    String slackUser = payload.path("user").path("id").asText(null);
    Origin origin = new Origin(text(payload.path("container"), "channel_id", payload.path("channel").path("id").asText(null)),
        text(payload.path("container"), "message_ts", payload.path("message").path("ts").asText(null)));
    String messageText = payload.path("message").path("text").asText(null);
    SlackActors.Actor actor = actors.of(slackUser);
    if (actor.refusal() != null) {
      whisper(origin, slackUser, actor.refusal());
      return;
    }
    switch (actionId) {
      case SlackBlocks.APPROVE -> approve(actor, action.path("value").asText(""), origin, messageText, slackUser);
      case SlackBlocks.EDIT, SlackBlocks.REJECT -> openModal(actor, actionId, action.path("value").asText(""),
          payload.path("trigger_id").asText(""), origin, slackUser);
      case SlackBlocks.SNOOZE -> snooze(actor, action.path("selected_option").path("value").asText(""), origin,
          messageText, slackUser);
      default -> whisper(origin, slackUser, "Vigil does not know the button " + actionId + "; nothing was changed.");
    }
  }

  public ModalAnswer viewSubmission(JsonNode payload) {
    JsonNode view = payload.path("view");
    String callback = view.path("callback_id").asText("");
    String[] metadata = view.path("private_metadata").asText("").split("\\|", 2);
    String approvalId = metadata[0];
    Origin origin = Origin.decode(metadata.length > 1 ? metadata[1] : null);
    JsonNode values = view.path("state").path("values");
    String firstBlock = SlackBlocks.EDIT_MODAL.equals(callback) ? SlackBlocks.SUBJECT_BLOCK : SlackBlocks.REASON_BLOCK;
    SlackActors.Actor actor = actors.of(payload.path("user").path("id").asText(null));
    if (actor.refusal() != null) {
      return ModalAnswer.error(firstBlock, actor.refusal());
    }
    if (SlackBlocks.EDIT_MODAL.equals(callback)) {
      String subject = input(values, SlackBlocks.SUBJECT_BLOCK);
      String body = input(values, SlackBlocks.BODY_BLOCK);
      Map<String, String> errors = new LinkedHashMap<>();
      if (subject.isBlank()) {
        errors.put(SlackBlocks.SUBJECT_BLOCK, "Enter a subject");
      } else if (subject.length() > Limits.NAME) {
        errors.put(SlackBlocks.SUBJECT_BLOCK, "At most " + Limits.NAME + " characters");
      }
      if (body.isBlank()) {
        errors.put(SlackBlocks.BODY_BLOCK, "Enter the email's text");
      }
      if (!errors.isEmpty()) {
        return new ModalAnswer(errors);
      }
      return decide(actor, approvalId, DraftDecision.Verdict.APPROVE, subject.strip(), body, null, origin, firstBlock);
    }
    if (SlackBlocks.REJECT_MODAL.equals(callback)) {
      String reason = input(values, SlackBlocks.REASON_BLOCK);
      if (reason.isBlank()) {
        return ModalAnswer.error(SlackBlocks.REASON_BLOCK, "Say why the draft is rejected: the reason is kept with it");
      }
      return decide(actor, approvalId, DraftDecision.Verdict.REJECT, null, null, reason.strip(), origin, firstBlock);
    }
    return ModalAnswer.close();
  }

  private void approve(SlackActors.Actor actor, String approvalId, Origin origin, String messageText, String slackUser) {
    try {
      DraftDecisions.Outcome outcome = decisions.decide(actor.caller(), approvalId, DraftDecision.Verdict.APPROVE,
          null, null, null);
      showDecision(origin, messageText, decided(outcome, actor, "Approved"));
    } catch (ApiError refused) {
      whisper(origin, slackUser, refused.getMessage() + ". Nothing was changed.");
    }
  }

  /** Opens Edit or Reject only for a draft the clicker may still decide, so a modal never ends in a refusal. */
  private void openModal(SlackActors.Actor actor, String actionId, String approvalId, String triggerId, Origin origin,
      String slackUser) {
    Approval approval = decisions.actionable(actor.caller(), approvalId).orElse(null);
    if (approval == null) {
      whisper(origin, slackUser, "Approval " + approvalId + " is not one you may decide (not in your portfolio, or gone): "
          + "its CSM, their manager or an admin decides it. Nothing was changed.");
      return;
    }
    if (!"pending".equals(approval.status())) {
      whisper(origin, slackUser, "Approval " + approvalId + " is already " + approval.status()
          + (approval.decidedBy() == null ? "" : " by " + approval.decidedBy()) + ". Nothing was changed.");
      return;
    }
    if (SlackBlocks.EDIT.equals(actionId) && approval.body().length() > SlackBlocks.INPUT_CHARS) {
      whisper(origin, slackUser, "This draft is longer than Slack lets a form hold (" + SlackBlocks.INPUT_CHARS
          + " characters): edit it on its page.");
      return;
    }
    try {
      slack.openView(triggerId, SlackBlocks.EDIT.equals(actionId)
          ? SlackBlocks.editModal(approvalId, approval.subject(), approval.body(), origin.encoded())
          : SlackBlocks.rejectModal(approvalId, origin.encoded()));
    } catch (DeliveryFailure failure) {
      LOG.warn("Slack views.open for approval {} failed: {}", approvalId, failure.getMessage());
    }
  }

  private ModalAnswer decide(SlackActors.Actor actor, String approvalId, DraftDecision.Verdict verdict, String subject,
      String body, String reason, Origin origin, String errorBlock) {
    try {
      DraftDecisions.Outcome outcome = decisions.decide(actor.caller(), approvalId, verdict, subject, body, reason);
      String what = verdict == DraftDecision.Verdict.REJECT ? "Rejected" : "Approved with edits";
      String line = decided(outcome, actor, what) + (reason == null ? "" : ": " + reason);
      showDecision(origin, notifications.findSlackMessage(origin.channel(), origin.ts()).map(Notification::text)
          .orElse(null), line);
      return ModalAnswer.close();
    } catch (ApiError refused) {
      return ModalAnswer.error(errorBlock, refused.getMessage());
    }
  }

  private void snooze(SlackActors.Actor actor, String value, Origin origin, String messageText, String slackUser) {
    String[] parts = value.split("/", 2);
    long signalId;
    Duration length;
    try {
      signalId = Long.parseLong(parts[0]);
      length = Duration.ofDays(Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      whisper(origin, slackUser, "Vigil cannot read that snooze (" + value + "); nothing was changed.");
      return;
    }
    if (!SlackBlocks.SNOOZES.contains(length)) {
      whisper(origin, slackUser, "Vigil offers no snooze of " + length.toDays() + " days; nothing was changed.");
      return;
    }
    Instant until;
    try {
      until = moves.snooze(actor.caller(), signalId, length);
    } catch (ApiError refused) {
      whisper(origin, slackUser, refused.status().getCode() == 404
          ? "Alert " + signalId + " is not one you may act on (not in your portfolio, or gone). Nothing was changed."
          : "Alert " + signalId + ": " + refused.getMessage() + ". Nothing was changed.");
      return;
    }
    showDecision(origin, messageText, ":zzz: *Snoozed* by " + actor.name() + " until " + WHEN.format(until)
        + " (acknowledged; no new DM about this kind of alert for this customer until then)");
  }

  private String decided(DraftDecisions.Outcome outcome, SlackActors.Actor actor, String what) {
    Instant at = outcome.approval().decidedAt() == null ? clock.instant() : outcome.approval().decidedAt();
    String icon = what.startsWith("Rejected") ? ":x:" : ":white_check_mark:";
    return icon + " *" + what + "* by " + actor.name() + " at " + WHEN.format(at)
        + (outcome.recorded() ? "" : " (being recorded)");
  }

  private void showDecision(Origin origin, String messageText, String outcome) {
    if (origin.channel() == null || origin.ts() == null) {
      return;
    }
    try {
      slack.update(origin.channel(), origin.ts(), (messageText == null ? "" : messageText + "\n") + outcome,
          SlackBlocks.decided(messageText, outcome));
    } catch (DeliveryFailure failure) {
      LOG.warn("Slack chat.update of {} in {} failed (the decision stands): {}", origin.ts(), origin.channel(),
          failure.getMessage());
    }
  }

  private void whisper(Origin origin, String slackUser, String text) {
    if (origin.channel() == null || slackUser == null) {
      LOG.warn("Slack interaction refused, with nowhere to say so: {}", text);
      return;
    }
    try {
      slack.postEphemeral(origin.channel(), slackUser, text);
    } catch (DeliveryFailure failure) {
      LOG.warn("Slack chat.postEphemeral to {} failed ({}); it said: {}", slackUser, failure.getMessage(), text);
    }
  }

  private static String input(JsonNode values, String block) {
    return values.path(block).path(SlackBlocks.INPUT).path("value").asText("");
  }

  private static String text(JsonNode node, String field, String otherwise) {
    String value = node.path(field).asText(null);
    return value == null || value.isBlank() ? otherwise : value;
  }
}
