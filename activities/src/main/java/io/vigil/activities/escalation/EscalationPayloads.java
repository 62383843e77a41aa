package io.vigil.activities.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.infra.persistence.EscalationDetails;
import io.vigil.infra.persistence.EscalationRow;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What receivers get: the webhook's JSON (docs/api.md, "Outbound webhooks") and the Slack message. */
final class EscalationPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EscalationPayloads() {}

  static String json(EscalationRow e, int version, String url) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", e.id());
    body.put("type", e.type());
    body.put("version", version);
    body.put("status", e.status());
    body.put("theme", e.theme());
    body.put("themeKey", e.themeKey());
    body.put("category", e.category());
    body.put("requests", e.requests());
    EscalationDetails d = e.details();
    body.put("customers", d.customers().stream()
        .map(c -> Map.of("id", c.id(), "name", c.name(), "arr", c.arr())).toList());
    body.put("totalArr", e.totalArr());
    body.put("quotes", d.quotes());
    if (d.rice() != null) {
      body.put("rice", d.rice());
    }
    if (d.confusionPoints() != null) {
      body.put("confusionPoints", d.confusionPoints());
      body.put("suggestedImprovements", d.suggestedImprovements());
    }
    if (e.priority() != null) {
      body.put("priority", e.priority());
      body.put("impact", d.impact());
    }
    body.put("tickets", e.ticketIds());
    body.put("url", url);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static String slack(EscalationRow e, String url) {
    String what = switch (e.type()) {
      case "product_gap" -> ":bulb: Product gap";
      case "docs_gap" -> ":books: Documentation gap";
      default -> ":beetle: Bug " + e.priority();
    };
    StringBuilder text = new StringBuilder(what).append(": *").append(e.theme()).append("*\n")
        .append(e.requests()).append(e.requests() == 1 ? " ticket from " : " tickets from ").append(e.customers())
        .append(e.customers() == 1 ? " customer, " : " customers, ").append(money(e.totalArr())).append(" ARR\n");
    List<String> quotes = e.details().quotes();
    quotes.stream().limit(3).forEach(q -> text.append("> ").append(q).append('\n'));
    return text.append(url).toString();
  }

  static String money(BigDecimal amount) {
    return NumberFormat.getCurrencyInstance(Locale.US).format(amount).replace(".00", "");
  }
}
