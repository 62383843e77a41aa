package io.vigil.workflows.incident;

import io.vigil.workflows.common.ApprovalPolicy;
import java.time.Duration;

/**
 * The response's timings: the approval wait of outreach drafts, the follow-up after resolution, and
 * how long an unresolved incident may go without any update before its response ends (keeping its
 * history bounded; null in runs started before that limit existed: they wait for ever). {@code
 * pageSize}: how many CSMs or customers one activity answers at a time (null in runs started before
 * pages: {@link #DEFAULT_PAGE_SIZE}).
 */
public record IncidentPolicy(ApprovalPolicy approval, Duration followUpAfter, Duration closeUnresolvedAfter, Integer pageSize) {
  public static final int DEFAULT_PAGE_SIZE = 200;

  public IncidentPolicy(ApprovalPolicy approval, Duration followUpAfter, Duration closeUnresolvedAfter) {
    this(approval, followUpAfter, closeUnresolvedAfter, DEFAULT_PAGE_SIZE);
  }

  /** A page's CSMs are told in parallel, a workflow thread each: well below the worker's 600 threads. */
  public static final int MAX_PAGE_SIZE = 400;

  public int pageSizeOrDefault() {
    return pageSize == null || pageSize < 1 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
  }
}
