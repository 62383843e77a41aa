package io.vigil.activities.escalation;

import io.vigil.activities.tickets.TicketTheme;
import io.vigil.infra.persistence.EscalationDetails;
import io.vigil.infra.persistence.EscalationDetails.EscalatedCustomer;
import io.vigil.infra.persistence.EscalationVersion;
import io.vigil.infra.persistence.ThemeTicket;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which themes are escalations, and what each says (docs/insights.md, "Escalations"): feature requests
 * asked often or by much ARR go to product with RICE inputs, how-to questions asked often go to
 * documentation with the questions people asked, every bug goes to engineering with a priority from
 * its impact.
 */
public final class EscalationFindings {
  static final int CONFUSION_POINTS = 5;
  static final int QUESTION_LENGTH = 160;

  private EscalationFindings() {}

  public static List<EscalationVersion> of(List<TicketTheme> themes) {
    List<EscalationVersion> found = new ArrayList<>();
    for (TicketTheme theme : themes) {
      switch (theme.category()) {
        case "feature_request" -> {
          if (theme.tickets().size() >= EscalationRules.PRODUCT_GAP_MIN_REQUESTS
              || theme.totalArr().compareTo(EscalationRules.PRODUCT_GAP_ARR_ABOVE) > 0) {
            found.add(version(EscalationType.PRODUCT_GAP, theme, null,
                new EscalationDetails(customers(theme), theme.quotes(), rice(theme), null, null, null)));
          }
        }
        case "how_to_question" -> {
          if (theme.tickets().size() >= EscalationRules.DOCS_GAP_MIN_TICKETS) {
            found.add(version(EscalationType.DOCS_GAP, theme, null, new EscalationDetails(customers(theme),
                theme.quotes(), null, confusionPoints(theme), improvements(theme), null)));
          }
        }
        case "bug_report" -> {
          String priority = priority(theme);
          found.add(version(EscalationType.BUG, theme, priority, new EscalationDetails(customers(theme), theme.quotes(),
              null, null, null, impact(theme, priority))));
        }
        default -> { }
      }
    }
    return found;
  }

  private static EscalationVersion version(EscalationType type, TicketTheme theme, String priority,
      EscalationDetails details) {
    return new EscalationVersion(type.label(), theme.key(), theme.label(), theme.category(),
        theme.tickets().stream().map(ThemeTicket::id).toList(), theme.customers().size(), theme.totalArr(), priority,
        details);
  }

  private static List<EscalatedCustomer> customers(TicketTheme theme) {
    return theme.customers().stream()
        .map(t -> new EscalatedCustomer(t.customerId(), t.customerName(), t.customerArr(), t.csmId())).toList();
  }

  /**
   * Reach: the customers asking. Impact on RICE's scale (3 massive, 2 high, 1 medium, 0.5 low) from
   * their combined ARR. Confidence from how many tickets say it: 100% at 5, 80% at 3, else 50%.
   */
  static EscalationDetails.Rice rice(TicketTheme theme) {
    BigDecimal arr = theme.totalArr();
    double impact = arr.compareTo(new BigDecimal("500000")) >= 0 ? 3
        : arr.compareTo(new BigDecimal("100000")) >= 0 ? 2
        : arr.compareTo(new BigDecimal("25000")) >= 0 ? 1 : 0.5;
    int tickets = theme.tickets().size();
    double confidence = tickets >= 5 ? 1.0 : tickets >= 3 ? 0.8 : 0.5;
    String notes = "reach: " + theme.customers().size() + " customers asked in " + tickets + " tickets; impact " + impact
        + " from $" + arr.toPlainString() + " combined ARR (3 at $500K, 2 at $100K, 1 at $25K, else 0.5); confidence "
        + (int) (confidence * 100) + "% from the number of tickets (100% at 5, 80% at 3, else 50%); effort is product's"
        + " to estimate";
    return new EscalationDetails.Rice(theme.customers().size(), impact, confidence, notes);
  }

  static String priority(TicketTheme theme) {
    BigDecimal arr = theme.totalArr();
    int customers = theme.customers().size();
    if (arr.compareTo(EscalationRules.P1_ARR) >= 0 || customers >= EscalationRules.P1_CUSTOMERS) {
      return "P1";
    }
    if (arr.compareTo(EscalationRules.P2_ARR) >= 0 || customers >= EscalationRules.P2_CUSTOMERS) {
      return "P2";
    }
    if (arr.compareTo(EscalationRules.P3_ARR) >= 0 || customers >= EscalationRules.P3_CUSTOMERS) {
      return "P3";
    }
    return "P4";
  }

  private static String impact(TicketTheme theme, String priority) {
    return theme.customers().size() + (theme.customers().size() == 1 ? " customer" : " customers") + " with $"
        + theme.totalArr().toPlainString() + " combined ARR reported it in " + theme.tickets().size()
        + (theme.tickets().size() == 1 ? " ticket" : " tickets") + ": " + priority;
  }

  /** The questions the tickets asked, in their words, each once. */
  private static List<String> confusionPoints(TicketTheme theme) {
    Set<String> questions = new LinkedHashSet<>();
    for (ThemeTicket t : theme.tickets()) {
      for (String q : io.vigil.activities.tickets.TicketTexts.questions(t)) {
        if (questions.size() < CONFUSION_POINTS) {
          questions.add(io.vigil.activities.tickets.TicketTexts.cut(q, QUESTION_LENGTH));
        }
      }
    }
    return List.copyOf(questions);
  }

  private static List<String> improvements(TicketTheme theme) {
    return List.of(
        "Write a task-oriented guide on " + theme.label() + " that answers the confusion points step by step",
        "Link it from the product screen where people start this task, and from the help search for "
            + String.join(" / ", theme.terms()),
        "Add an FAQ entry for each confusion point; " + theme.tickets().size() + " tickets in "
            + theme.customers().size() + " accounts asked");
  }
}
