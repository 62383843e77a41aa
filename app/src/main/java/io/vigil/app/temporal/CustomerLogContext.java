package io.vigil.app.temporal;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.SearchAttributes;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts the customer a playbook is about into the log context ({@code customerId} in the MDC) of its
 * activities' lines, beside the {@code WorkflowId}, {@code RunId} and {@code ActivityType} the SDK
 * puts there, so a JSON log line ({@code VIGIL_LOG_FORMAT=json}) says which customer it concerns.
 * The customer is the workflow's {@code CustomerId} search attribute, set when the playbook starts;
 * the workflow hands it to each activity in a header (a header is not part of what replay compares).
 */
public final class CustomerLogContext extends WorkerInterceptorBase {
  /** The MDC key of the customer. */
  public static final String MDC_KEY = "customerId";
  static final String HEADER = "vigil-customer-id";

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
          @Override
          public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
            Header header = withCustomer(input.getHeader());
            return header == null ? super.executeActivity(input) : super.executeActivity(new ActivityInput<>(
                input.getActivityName(), input.getResultClass(), input.getResultType(), input.getArgs(),
                input.getOptions(), header));
          }

          @Override
          public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
            Header header = withCustomer(input.getHeader());
            return header == null ? super.executeLocalActivity(input) : super.executeLocalActivity(
                new LocalActivityInput<>(input.getActivityName(), input.getResultClass(), input.getResultType(),
                    input.getArgs(), input.getOptions(), header));
          }
        });
      }
    };
  }

  /** The header with the workflow's customer added, or null when the workflow concerns no one customer. */
  private static Header withCustomer(Header header) {
    String customer = Workflow.getTypedSearchAttributes().get(SearchAttributes.CUSTOMER_ID);
    if (customer == null) {
      return null;
    }
    Map<String, Payload> values = new HashMap<>(header.getValues());
    values.put(HEADER, DefaultDataConverter.STANDARD_INSTANCE.toPayload(customer).orElseThrow());
    return new Header(values);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        Payload customer = input.getHeader().getValues().get(HEADER);
        if (customer == null) {
          return super.execute(input);
        }
        String id = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(customer, String.class, String.class);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
          return super.execute(input);
        }
      }
    };
  }
}
