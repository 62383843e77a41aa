package io.vigil.infra.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Vigil's Block Kit: a DM's text with its buttons, the same text once decided (buttons gone, who and
 * when instead), and the Edit and Reject modals. Button values carry an approval id or a risk-signal
 * id and nothing else; who may act is worked out from the clicking Slack user on each click.
 */
public final class SlackBlocks {
  public static final String VIEW = "vigil_view";
  public static final String APPROVE = "vigil_approve";
  public static final String EDIT = "vigil_edit";
  public static final String REJECT = "vigil_reject";
  public static final String SNOOZE = "vigil_snooze";
  public static final String EDIT_MODAL = "vigil_edit_modal";
  public static final String REJECT_MODAL = "vigil_reject_modal";
  public static final String SUBJECT_BLOCK = "subject";
  public static final String BODY_BLOCK = "body";
  public static final String REASON_BLOCK = "reason";
  public static final String INPUT = "value";
  /** Slack's limit on a section's text. */
  static final int SECTION_CHARS = 3000;
  /** Slack's limit on a plain-text input's length. */
  public static final int INPUT_CHARS = 3000;
  /** What Snooze offers: the alert is acknowledged and its repeats held for this long. */
  public static final List<Duration> SNOOZES = List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

  /**
   * The buttons a DM carries: View always; Approve, Edit and Reject when it is about a held draft
   * ({@code approvalId}); Snooze when it is about an alert ({@code riskSignalId}).
   */
  public record Buttons(String viewUrl, String viewLabel, String approvalId, Long riskSignalId) {
    public static Buttons view(String url, String label) {
      return new Buttons(url, label, null, null);
    }
  }

  private SlackBlocks() {}

  public static List<LayoutBlock> dm(String mrkdwn, Buttons buttons) {
    List<LayoutBlock> blocks = sections(mrkdwn);
    List<BlockElement> elements = new ArrayList<>();
    elements.add(ButtonElement.builder().actionId(VIEW).text(plain(buttons.viewLabel())).url(buttons.viewUrl()).build());
    if (buttons.approvalId() != null) {
      elements.add(ButtonElement.builder().actionId(APPROVE).text(plain("Approve")).style("primary")
          .value(buttons.approvalId()).build());
      elements.add(ButtonElement.builder().actionId(EDIT).text(plain("Edit")).value(buttons.approvalId()).build());
      elements.add(ButtonElement.builder().actionId(REJECT).text(plain("Reject")).style("danger")
          .value(buttons.approvalId()).build());
    }
    if (buttons.riskSignalId() != null) {
      List<OptionObject> options = SNOOZES.stream()
          .map(d -> OptionObject.builder().text(plain("Snooze " + d.toDays() + (d.toDays() == 1 ? " day" : " days")))
              .value(buttons.riskSignalId() + "/" + d.toDays()).build())
          .toList();
      elements.add(StaticSelectElement.builder().actionId(SNOOZE).placeholder(plain("Snooze alert")).options(options).build());
    }
    blocks.add(ActionsBlock.builder().blockId("vigil_actions").elements(elements).build());
    return blocks;
  }

  /** The message's text (null: unknown) without its buttons, and {@code outcome} (who decided and when) beneath. */
  public static List<LayoutBlock> decided(String mrkdwn, String outcome) {
    List<LayoutBlock> blocks = mrkdwn == null ? new ArrayList<>() : sections(mrkdwn);
    blocks.add(ContextBlock.builder().elements(List.of(MarkdownTextObject.builder().text(outcome).build())).build());
    return blocks;
  }

  /** {@code body} must fit an input ({@link #INPUT_CHARS}); a longer draft is edited on its page. */
  public static View editModal(String approvalId, String subject, String body, String origin) {
    List<LayoutBlock> inputs = List.of(
        input(SUBJECT_BLOCK, "Subject", PlainTextInputElement.builder().actionId(INPUT).initialValue(subject)
            .maxLength(INPUT_CHARS).build()),
        input(BODY_BLOCK, "Body", PlainTextInputElement.builder().actionId(INPUT).initialValue(body)
            .multiline(true).maxLength(INPUT_CHARS).build()));
    return modal(EDIT_MODAL, "Edit and approve", "Approve and send", inputs, approvalId + "|" + origin);
  }

  public static View rejectModal(String approvalId, String origin) {
    List<LayoutBlock> inputs = List.of(input(REASON_BLOCK, "Why reject it?",
        PlainTextInputElement.builder().actionId(INPUT).multiline(true).maxLength(INPUT_CHARS).build()));
    return modal(REJECT_MODAL, "Reject draft", "Reject", inputs, approvalId + "|" + origin);
  }

  private static View modal(String callbackId, String title, String submit, List<LayoutBlock> blocks, String metadata) {
    return View.builder().type("modal").callbackId(callbackId).title(ViewTitle.builder().type("plain_text").text(title).build())
        .submit(ViewSubmit.builder().type("plain_text").text(submit).build())
        .close(ViewClose.builder().type("plain_text").text("Cancel").build())
        .blocks(blocks).privateMetadata(metadata).build();
  }

  private static InputBlock input(String blockId, String label, BlockElement element) {
    return InputBlock.builder().blockId(blockId).label(plain(label)).element(element).build();
  }

  /** Sections of at most {@link #SECTION_CHARS}, cut at line ends where possible. */
  static List<LayoutBlock> sections(String mrkdwn) {
    List<LayoutBlock> blocks = new ArrayList<>();
    String rest = mrkdwn;
    while (!rest.isEmpty()) {
      int cut = rest.length() <= SECTION_CHARS ? rest.length() : rest.lastIndexOf('\n', SECTION_CHARS);
      if (cut <= 0) {
        cut = Math.min(rest.length(), SECTION_CHARS);
      }
      String part = rest.substring(0, cut);
      if (!part.isBlank()) {
        blocks.add(SectionBlock.builder().text(MarkdownTextObject.builder().text(part).build()).build());
      }
      rest = rest.substring(cut);
    }
    return blocks;
  }

  private static PlainTextObject plain(String text) {
    return PlainTextObject.builder().text(text).emoji(true).build();
  }
}
