package io.vigil.activities.escalation;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Where each type of escalation goes (README, "Configuration"): an intake webhook
 * ({@code VIGIL_PRODUCT_INTAKE_URL}, {@code VIGIL_DOCS_INTAKE_URL}, {@code VIGIL_ENGINEERING_INTAKE_URL},
 * signed with {@code VIGIL_INTAKE_WEBHOOK_SECRET}) and/or a Slack channel
 * ({@code VIGIL_PRODUCT_SLACK_CHANNEL}, {@code _DOCS_}, {@code _ENGINEERING_}). Blank means none.
 */
@Singleton
public class EscalationDestinations {
  private final Map<EscalationType, String> webhooks;
  private final Map<EscalationType, String> channels;
  private final String secret;

  public EscalationDestinations(
      @Nullable @Value("${vigil.product.intake-url:}") String productUrl,
      @Nullable @Value("${vigil.docs.intake-url:}") String docsUrl,
      @Nullable @Value("${vigil.engineering.intake-url:}") String engineeringUrl,
      @Nullable @Value("${vigil.intake.webhook-secret:}") String secret,
      @Nullable @Value("${vigil.product.slack-channel:}") String productChannel,
      @Nullable @Value("${vigil.docs.slack-channel:}") String docsChannel,
      @Nullable @Value("${vigil.engineering.slack-channel:}") String engineeringChannel) {
    this.webhooks = Map.of(EscalationType.PRODUCT_GAP, blankless(productUrl), EscalationType.DOCS_GAP,
        blankless(docsUrl), EscalationType.BUG, blankless(engineeringUrl));
    this.channels = Map.of(EscalationType.PRODUCT_GAP, blankless(productChannel), EscalationType.DOCS_GAP,
        blankless(docsChannel), EscalationType.BUG, blankless(engineeringChannel));
    this.secret = blankless(secret);
  }

  public Optional<String> webhook(EscalationType type) {
    return Optional.of(webhooks.get(type)).filter(u -> !u.isEmpty());
  }

  public Optional<String> channel(EscalationType type) {
    return Optional.of(channels.get(type)).filter(c -> !c.isEmpty());
  }

  /** The signing secret; empty when unset (a configured webhook then refuses to send unsigned). */
  public Optional<String> secret() {
    return Optional.of(secret).filter(s -> !s.isEmpty());
  }

  private static String blankless(String value) {
    return value == null ? "" : value.strip();
  }
}
