package io.vigil.app.web;

import io.vigil.app.api.ApiError;

/** A refusal as a sentence for a page: what happened, in the API's own words. */
final class Words {
  private Words() {}

  static String of(ApiError error) {
    String lead = switch (error.status()) {
      case NOT_FOUND -> "Not found: ";
      case CONFLICT -> "Already decided: ";
      case FORBIDDEN -> "Not allowed: ";
      case BAD_REQUEST -> "Not accepted: ";
      case SERVICE_UNAVAILABLE -> "Not done, try again: ";
      default -> "";
    };
    String message = error.getMessage();
    return lead + Character.toUpperCase(message.charAt(0)) + message.substring(1) + (message.endsWith(".") ? "" : ".");
  }
}
