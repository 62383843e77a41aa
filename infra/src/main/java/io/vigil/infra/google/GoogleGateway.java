package io.vigil.infra.google;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.FreeBusyRequest;
import com.google.api.services.calendar.model.FreeBusyRequestItem;
import com.google.api.services.calendar.model.FreeBusyResponse;
import com.google.api.services.calendar.model.TimePeriod;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Draft;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.micronaut.context.annotation.Value;
import io.vigil.infra.DeliveryFailure;
import io.vigil.infra.ProviderCallGuard;
import io.vigil.infra.ProviderCallGuard.Kind;
import jakarta.inject.Singleton;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gmail and Calendar through Google's client libraries. Credentials are either a static OAuth
 * access token ({@code GOOGLE_ACCESS_TOKEN}) or a service-account file with domain-wide
 * delegation ({@code GOOGLE_APPLICATION_CREDENTIALS}), acting as the sending CSM. Gmail has no
 * idempotency key, so each message gets a Message-ID derived from its delivery key, and
 * {@link #findSent} searches for it before a retry sends again.
 */
@Singleton
public class GoogleGateway {
  private static final List<String> SCOPES = List.of(
      "https://www.googleapis.com/auth/gmail.send",
      "https://www.googleapis.com/auth/gmail.compose",
      "https://www.googleapis.com/auth/gmail.readonly",
      "https://www.googleapis.com/auth/calendar.readonly");

  /** Connecting to Google: a reachable Google answers in well under a second. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Waiting for Google's answer once connected (its answers are small JSON documents, read at once). */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  /** The longest one Google call can take. ActivityProfiles.NOTIFICATION's timeouts are built on it. */
  public static final Duration CALL_TIMEOUT = CONNECT_TIMEOUT.plus(READ_TIMEOUT);

  private final HttpTransport transport = new NetHttpTransport();
  private final JsonFactory json = GsonFactory.getDefaultInstance();
  private final String rootUrl;
  private final String accessToken;
  private final String credentialsFile;
  private final GoogleCredentials serviceAccount;
  private final ProviderCallGuard guard;

  public GoogleGateway(
      @Value("${google.access-token:}") String accessToken,
      @Value("${google.application-credentials:}") String credentialsFile,
      @Value("${google.root-url:https://www.googleapis.com/}") String rootUrl,
      ProviderCallGuard guard) {
    this.guard = guard;
    this.accessToken = accessToken;
    this.credentialsFile = credentialsFile;
    this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
    this.serviceAccount = credentialsFile == null || credentialsFile.isBlank() ? null : loadServiceAccount(credentialsFile);
  }

  public boolean isConnected() {
    return (accessToken != null && !accessToken.isBlank()) || serviceAccount != null;
  }

  public String describeCredentials() {
    return serviceAccount != null ? "service account " + credentialsFile : "OAuth access token";
  }

  /** Sends as {@code from} (null: the connected account itself); answers the Gmail message id. */
  public String send(String from, String to, String subject, String body, String messageId) {
    return send(from, to, subject, body, null, messageId);
  }

  /** The same with an HTML alternative of {@code body} ({@code html} null: plain text only). */
  public String send(String from, String to, String subject, String body, String html, String messageId) {
    Message message = new Message().setRaw(MimeMessages.raw(from, to, subject, body, html, messageId));
    return call("messages.send", Kind.SEND, () -> gmail(from).users().messages().send("me", message).execute().getId());
  }

  /** Leaves the message as a draft in {@code from}'s mailbox; answers the draft's message id. */
  public String createDraft(String from, String to, String subject, String body, String messageId) {
    Draft draft = new Draft().setMessage(new Message().setRaw(MimeMessages.raw(from, to, subject, body, null, messageId)));
    return call("drafts.create", Kind.SEND, () -> gmail(from).users().drafts().create("me", draft).execute().getMessage().getId());
  }

  /** A message (sent or drafted) in {@code from}'s mailbox with this Message-ID header, if any. */
  public Optional<String> findSent(String from, String messageId) {
    ListMessagesResponse found = call("messages.list", Kind.READ, () -> gmail(from).users().messages().list("me")
        .setQ("rfc822msgid:" + messageId).setIncludeSpamTrash(false).execute());
    return found.getMessages() == null || found.getMessages().isEmpty()
        ? Optional.empty()
        : Optional.of(found.getMessages().get(0).getId());
  }

  /** Busy intervals of {@code calendarId} (the CSM's email) between {@code from} and {@code to}. */
  public List<Instant[]> busy(String calendarId, Instant from, Instant to) {
    FreeBusyRequest request = new FreeBusyRequest()
        .setTimeMin(new DateTime(from.toEpochMilli()))
        .setTimeMax(new DateTime(to.toEpochMilli()))
        .setItems(List.of(new FreeBusyRequestItem().setId(calendarId)));
    FreeBusyResponse response = call("freebusy.query", Kind.READ, () -> calendar(calendarId).freebusy().query(request).execute());
    List<Instant[]> busy = new ArrayList<>();
    if (response.getCalendars() != null && response.getCalendars().get(calendarId) != null
        && response.getCalendars().get(calendarId).getBusy() != null) {
      for (TimePeriod period : response.getCalendars().get(calendarId).getBusy()) {
        busy.add(new Instant[] {
            Instant.ofEpochMilli(period.getStart().getValue()), Instant.ofEpochMilli(period.getEnd().getValue())});
      }
    }
    return busy;
  }

  private Gmail gmail(String actingAs) {
    return new Gmail.Builder(transport, json, credentials(actingAs)).setRootUrl(rootUrl).setApplicationName("vigil").build();
  }

  private Calendar calendar(String actingAs) {
    return new Calendar.Builder(transport, json, credentials(actingAs)).setRootUrl(rootUrl).setApplicationName("vigil").build();
  }

  private HttpRequestInitializer credentials(String actingAs) {
    GoogleCredentials credentials = serviceAccount != null
        ? (actingAs == null ? serviceAccount : serviceAccount.createDelegated(actingAs))
        : GoogleCredentials.create(new AccessToken(accessToken, null));
    return request -> {
      new HttpCredentialsAdapter(credentials).initialize(request);
      request.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      request.setReadTimeout((int) READ_TIMEOUT.toMillis());
    };
  }

  private static GoogleCredentials loadServiceAccount(String file) {
    try (FileInputStream in = new FileInputStream(file)) {
      return ServiceAccountCredentials.fromStream(in).createScoped(SCOPES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Google credentials " + file, e);
    }
  }

  private interface GoogleCall<T> {
    T run() throws IOException;
  }

  private <T> T call(String method, Kind kind, GoogleCall<T> call) {
    guard.beforeCall("Google " + method, kind, CALL_TIMEOUT);
    try {
      return call.run();
    } catch (GoogleJsonResponseException e) {
      int status = e.getStatusCode();
      String retryAfter = e.getHeaders() == null ? null : e.getHeaders().getRetryAfter();
      if (status == 429) {
        long seconds = retryAfter == null ? 30 : Long.parseLong(retryAfter.trim());
        throw DeliveryFailure.rateLimited("Google " + method + " rate limited", Duration.ofSeconds(seconds));
      }
      if (status == 401 || status == 403 || status == 400 || status == 404) {
        throw DeliveryFailure.permanent("Google " + method + " failed with HTTP " + status + ": " + e.getStatusMessage());
      }
      throw DeliveryFailure.transientFailure("Google " + method + " failed with HTTP " + status);
    } catch (IOException e) {
      throw DeliveryFailure.transientFailure("Google " + method + " unreachable: " + e.getMessage());
    }
  }
}
