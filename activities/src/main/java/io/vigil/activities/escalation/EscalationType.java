package io.vigil.activities.escalation;

import java.util.Arrays;
import java.util.Optional;

/** Who an escalation goes to: product (a gap in the product), documentation, engineering (a bug). */
public enum EscalationType {
  PRODUCT_GAP,
  DOCS_GAP,
  BUG;

  public static final String MESSAGE = "must be one of product_gap, docs_gap, bug";

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<EscalationType> fromLabel(String label) {
    return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
  }
}
