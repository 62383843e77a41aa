package io.vigil.activities.churn;

/** Turns a feature's value and effect into words for the customer's page ("logins per user down 60% over 8 weeks"). */
@FunctionalInterface
public interface ContributionText {
  String text(String feature, float value, double effect);
}
