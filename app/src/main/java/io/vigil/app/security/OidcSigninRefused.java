package io.vigil.app.security;

import io.micronaut.http.HttpStatus;

/** Why a sign-in through the identity provider signed nobody in, in words for the person at the browser. */
public class OidcSigninRefused extends RuntimeException {
  private final HttpStatus status;

  OidcSigninRefused(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  static OidcSigninRefused badRequest(String message) {
    return new OidcSigninRefused(HttpStatus.BAD_REQUEST, message);
  }

  static OidcSigninRefused unavailable(String message) {
    return new OidcSigninRefused(HttpStatus.SERVICE_UNAVAILABLE, message);
  }

  static OidcSigninRefused forbidden(String message) {
    return new OidcSigninRefused(HttpStatus.FORBIDDEN, message);
  }

  public HttpStatus status() {
    return status;
  }
}
