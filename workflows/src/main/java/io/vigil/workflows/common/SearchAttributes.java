package io.vigil.workflows.common;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Custom search attributes operators filter on in the Web UI and the CLI. All are Keywords. */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> CUSTOMER_ID = SearchAttributeKey.forKeyword("CustomerId");
  public static final SearchAttributeKey<String> CSM_ID = SearchAttributeKey.forKeyword("CsmId");
  public static final SearchAttributeKey<String> SEVERITY = SearchAttributeKey.forKeyword("Severity");
  public static final SearchAttributeKey<String> INCIDENT_ID = SearchAttributeKey.forKeyword("IncidentId");
  /** The ISO week a weekly report covers ({@code 2026-W48}). */
  public static final SearchAttributeKey<String> REPORT_WEEK = SearchAttributeKey.forKeyword("ReportWeek");

  public static final List<SearchAttributeKey<String>> ALL = List.of(CUSTOMER_ID, CSM_ID, SEVERITY, INCIDENT_ID, REPORT_WEEK);

  private SearchAttributes() {}
}
