package io.vigil.workflows.common;

/** Builds and parses every workflow id: the business id is the workflow id. */
public final class WorkflowIds {
  private static final String USAGE_DROP = "usage-drop/";
  private static final String ADOPTION = "adoption/";

  private WorkflowIds() {}

  public static String usageDrop(String customerId) {
    return USAGE_DROP + customerId;
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
