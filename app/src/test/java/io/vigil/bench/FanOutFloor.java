package io.vigil.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.ActivityProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The incident fan-out's floor: a workflow of the incident response's shape for a first P1 update
 * (started by signal-with-start; apply the update, assess the impact, list the CSMs, open the
 * channel, then one DM activity per CSM, all at once), whose activities do none of Vigil's work:
 * no database, no template, only the Slack calls a DM makes ({@code conversations.open}, {@code
 * chat.postMessage} with the title) to the same fake Slack. What the benchmark measures above it
 * is Vigil's own.
 */
final class FanOutFloor {
  static final String TASK_QUEUE = "bench-fan-out-floor";

  private FanOutFloor() {}

  @WorkflowInterface
  public interface Response {
    @WorkflowMethod
    void run(int csms);

    @SignalMethod
    void post(String title);
  }

  @ActivityInterface(namePrefix = "Floor")
  public interface Steps {
    String apply(String title);

    int assess(String title);

    List<String> csms(int count);

    void openChannel(String title);

    void dm(String csm, String title);
  }

  public static class ResponseImpl implements Response {
    private String title;

    @Override
    public void run(int csms) {
      Workflow.await(() -> title != null);
      Steps db = Workflow.newActivityStub(Steps.class, ActivityProfiles.DATABASE);
      Steps slack = Workflow.newActivityStub(Steps.class, ActivityProfiles.NOTIFICATION);
      db.apply(title);
      db.assess(title);
      List<String> ids = db.csms(csms);
      slack.openChannel(title);
      List<Promise<Void>> dms = new ArrayList<>();
      for (String csm : ids) {
        dms.add(Async.procedure(slack::dm, csm, title));
      }
      Promise.allOf(dms).get();
    }

    @Override
    public void post(String title) {
      this.title = title;
    }
  }

  /** Slack calls to the fake Slack at {@code slackBaseUrl} (ending in /), nothing else. */
  public static class StepsImpl implements Steps {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String slackBaseUrl;

    StepsImpl(String slackBaseUrl) {
      this.slackBaseUrl = slackBaseUrl;
    }

    @Override
    public String apply(String title) {
      return title;
    }

    @Override
    public int assess(String title) {
      return 0;
    }

    @Override
    public List<String> csms(int count) {
      return IntStream.range(0, count).mapToObj(i -> "floor-csm-" + i).toList();
    }

    @Override
    public void openChannel(String title) {
      post("conversations.create", "name=incident-floor");
    }

    @Override
    public void dm(String csm, String title) {
      post("conversations.open", "users=" + csm);
      post("chat.postMessage", "channel=DDEFAULT&text=" + URLEncoder.encode(title, StandardCharsets.UTF_8));
    }

    private void post(String method, String form) {
      try {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(slackBaseUrl + method))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          throw new IllegalStateException(method + " answered " + answer.statusCode());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Starts the floor's run for {@code title} as the webhook starts an incident's: signal-with-start. */
  static void start(WorkflowClient client, String workflowId, int csms, String title) {
    Response response = client.newWorkflowStub(Response.class,
        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(workflowId).build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(response::run, csms);
    request.add(response::post, title);
    client.signalWithStart(request);
  }
}
