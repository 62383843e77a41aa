package io.vigil.app.security;

import io.micronaut.security.authentication.Authentication;
import java.util.Map;

/**
 * Who is calling, as the authentication filter established it: the Vigil user (null for a machine
 * token), their role, and the credential used (an API token id, {@code oidc:<subject>} or
 * {@code env:VIGIL_ADMIN_TOKEN}).
 */
public record Caller(String userId, String role, String credentialId) {
  static final String USER_ID = "vigil.userId";
  static final String CREDENTIAL_ID = "vigil.credentialId";
  /** Why an otherwise valid credential has no role (an identity-provider email no user has). */
  static final String PROBLEM = "vigil.problem";

  public static Caller of(Authentication authentication) {
    Map<String, Object> attributes = authentication.getAttributes();
    String role = authentication.getRoles().stream().findFirst().orElse(null);
    return new Caller((String) attributes.get(USER_ID), role, (String) attributes.get(CREDENTIAL_ID));
  }

  /** The name recorded as the decider or actor: the user, else the machine credential. */
  public String actor() {
    return userId != null ? userId : credentialId;
  }

  public boolean is(String role) {
    return role.equals(this.role);
  }
}
