package io.vigil.app.incidents;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What an incident tool calls a component (a PagerDuty service, an Opsgenie tag, a Statuspage
 * component) mapped to the component names customers declare and feature events use.
 * {@code VIGIL_INCIDENTS_COMPONENT_MAP="API Gateway=api;Checkout Service=checkout"}; names without
 * a mapping pass through as they are.
 */
@Singleton
public class ComponentMapping {
  private final Map<String, String> mapping = new HashMap<>();

  public ComponentMapping(@Value("${vigil.incidents.component-map:}") String spec) {
    for (String pair : spec.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        mapping.put(pair.substring(0, eq).trim().toLowerCase(), pair.substring(eq + 1).trim());
      }
    }
  }

  public List<String> map(List<String> names) {
    LinkedHashSet<String> mapped = new LinkedHashSet<>();
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        mapped.add(mapping.getOrDefault(name.trim().toLowerCase(), name.trim()));
      }
    }
    return List.copyOf(mapped);
  }
}
