package io.vigil.app.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.vigil.workflows.common.SearchAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers Vigil's custom search attributes (Keywords) on the namespace when they are missing. */
final class SearchAttributeRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  /**
   * How long a start waits for Temporal to list them: an API process must come up (and answer its
   * readiness probe with Temporal DOWN) rather than hang while Temporal is unreachable.
   */
  private static final Duration LIST_DEADLINE = Duration.ofSeconds(10);

  private SearchAttributeRegistrar() {}

  static void ensureRegistered(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    Map<String, IndexedValueType> existing;
    try {
      existing = operator.blockingStub().withDeadlineAfter(LIST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      // The in-process fallback server has no operator service; workflows then start without them.
      LOG.warn("Cannot list search attributes on {} ({}); CustomerId, CsmId and Severity may be missing",
          namespace, e.getStatus().getCode());
      return;
    }
    Map<String, IndexedValueType> missing = new HashMap<>();
    for (var key : SearchAttributes.ALL) {
      if (!existing.containsKey(key.getName())) {
        missing.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try {
      operator.blockingStub().addSearchAttributes(
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace).putAllSearchAttributes(missing).build());
      LOG.info("Registered search attributes {} on namespace {}", missing.keySet(), namespace);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }
}
