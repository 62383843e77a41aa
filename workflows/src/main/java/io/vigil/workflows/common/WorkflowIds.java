package io.vigil.workflows.common;

/** Builds and parses every workflow id: the business id is the workflow id. */
public final class WorkflowIds {
  private static final String USAGE_DROP = "usage-drop/";
  private static final String INCIDENT = "incident/";
  private static final String ADOPTION = "adoption/";

  private WorkflowIds() {}

  public static String usageDrop(String customerId) {
    return USAGE_DROP + customerId;
  }

  /** {@code incident/<source>/<externalId>}. */
  public static String incident(String source, String externalId) {
    return INCIDENT + source + "/" + externalId;
  }

  /**
   * The incident's id in Vigil's API ({@code inc_} and 12 hex digits), derived from its source and
   * external id so that every event of one incident names the same row.
   */
  public static String incidentId(String source, String externalId) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest((source + "/" + externalId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "inc_" + java.util.HexFormat.of().formatHex(digest, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String customerIdOfUsageDrop(String workflowId) {
    if (!workflowId.startsWith(USAGE_DROP)) {
      throw new IllegalArgumentException("not a usage-drop workflow id: " + workflowId);
    }
    return workflowId.substring(USAGE_DROP.length());
  }

  public static String adoption(String customerId) {
    return ADOPTION + customerId;
  }

  public static String customerIdOfAdoption(String workflowId) {
    if (!workflowId.startsWith(ADOPTION)) {
      throw new IllegalArgumentException("not an adoption workflow id: " + workflowId);
    }
    return workflowId.substring(ADOPTION.length());
  }
}
