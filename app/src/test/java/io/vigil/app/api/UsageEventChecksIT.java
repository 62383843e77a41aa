package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The usage batch skips the Validator for events that {@code plainlyValid()}: that must never let
 * through an event the Validator refuses. Checked against the application's own Validator on events
 * built from values on both sides of every constraint.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageEventChecksIT implements TestPropertyProvider {
  private static final List<String> IDS = Arrays.asList(null, "", "a", "acme-1", "A.b_c:d@e-9", "x".repeat(128),
      "x".repeat(129), "a b", "a/b", "é", " a", "a\t", "\u0000");
  private static final List<String> USERS = Arrays.asList(null, "", " ", "\t\n", "\u2003", "\u0001", "\u00a0", "u1",
      " u1 ", "u".repeat(200), "u".repeat(201), " ".repeat(199) + "u", "ü");
  private static final List<String> TYPES = Arrays.asList(null, "", "login", "feature_used", "session", "Login",
      "login ", "feature", "logins");
  private static final List<String> TIMES = Arrays.asList(null, "", "2026-11-10T10:00:00Z", "x", "t".repeat(64),
      "t".repeat(65));

  @Inject Validator validator;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void givenAnyEvent_plainlyValidOnlyWhenTheValidatorFindsNothing() {
    Random random = new Random(3);
    int plain = 0;
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      UsageController.Event event = new UsageController.Event(pick(random, IDS), pick(random, IDS), pick(random, USERS),
          pick(random, TYPES), pick(random, IDS), pick(random, TIMES));
      var violations = validator.validate(event);
      if (event.plainlyValid()) {
        plain++;
        assertThat(violations).as(event.toString()).isEmpty();
      }
      if (!violations.isEmpty()) {
        refused++;
      }
    }
    assertThat(plain).as("events plainly valid").isGreaterThan(100);
    assertThat(refused).as("events the Validator refused").isGreaterThan(10_000);
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
