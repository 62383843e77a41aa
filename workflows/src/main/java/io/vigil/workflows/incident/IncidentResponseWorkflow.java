package io.vigil.workflows.incident;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.TemporalLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One per incident, id {@code incident/<source>/<externalId>}, started and fed by signal-with-start:
 * every webhook event arrives as {@code postIncidentUpdate}. Ends after the resolution's follow-ups;
 * an incident reopened later starts a new run. Continues as new between updates once its history
 * passes its budget.
 */
@WorkflowInterface
public interface IncidentResponseWorkflow extends HoldsDrafts {
  String TYPE = "IncidentResponse";
  String ID_PREFIX = "incident/";

  /** {@code resume}: null when started; what the earlier run left when continued as new. */
  @WorkflowMethod(name = TYPE)
  IncidentState run(IncidentPolicy policy, IncidentResume resume);

  @SignalMethod
  void postIncidentUpdate(IncidentUpdate update);

  @QueryMethod
  IncidentState getState();

  /** {@code incident/<source>/<externalId>}. */
  static String workflowId(String source, String externalId) {
    return ID_PREFIX + source + "/" + externalId;
  }

  /**
   * The incident's id in Vigil's API ({@code inc_} and 12 hex digits), derived from its source and
   * external id so that every event of one incident names the same row.
   */
  static String incidentId(String source, String externalId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((source + "/" + externalId).getBytes(StandardCharsets.UTF_8));
      return "inc_" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The response to the incident {@code update} is about, for signal-with-start. */
  static WorkflowOptions startOptions(IncidentUpdate update) {
    io.temporal.common.SearchAttributes.Builder attributes = io.temporal.common.SearchAttributes.newBuilder()
        .set(SearchAttributes.INCIDENT_ID, TemporalLimits.keyword(incidentId(update.source(), update.externalId())));
    if (update.severity() != null) {
      attributes.set(SearchAttributes.SEVERITY, TemporalLimits.keyword(update.severity()));
    }
    return PlaybookStarts.options(workflowId(update.source(), update.externalId()),
            "Incident response: " + (update.title() == null ? update.externalId() : update.title())
                + " (" + update.source() + (update.severity() == null ? "" : ", " + update.severity()) + ")",
            attributes.build())
        .build();
  }

  /** A stub that signals-with-start the response to the incident {@code update} is about. */
  static IncidentResponseWorkflow starting(WorkflowClient client, IncidentUpdate update) {
    return client.newWorkflowStub(IncidentResponseWorkflow.class, startOptions(update));
  }
}
