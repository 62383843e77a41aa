package io.vigil.infra.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.util.http.SlackHttpClient;
import io.micronaut.context.annotation.Value;
import io.vigil.infra.DeliveryFailure;
import io.vigil.infra.ProviderCallGuard;
import io.vigil.infra.ProviderCallGuard.Kind;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Slack through the official slack-api-client. Slack has no idempotency keys, so every message
 * carries its delivery key in message metadata; {@link #findPosted} looks for it before a retry
 * posts again.
 */
@Singleton
public class SlackGateway {
  static final String METADATA_EVENT = "vigil_delivery";
  private static final Set<String> PERMANENT_ERRORS =
      Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "missing_scope", "user_not_found",
          "channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "no_text", "invalid_blocks",
          "message_not_found", "cant_update_message", "expired_trigger_id", "invalid_trigger_id");

  /** Connecting to Slack: a reachable Slack answers in well under a second. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Waiting for Slack's answer once connected. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  /**
   * The longest any one Slack call can take, whatever happens on the wire (OkHttp's call timeout:
   * connect, write and read together). ActivityProfiles.NOTIFICATION's timeouts are built on it.
   */
  public static final Duration CALL_TIMEOUT = CONNECT_TIMEOUT.plus(READ_TIMEOUT);

  private final String token;
  private final MethodsClient methods;
  private final ProviderCallGuard guard;

  public SlackGateway(
      @Value("${slack.bot-token:}") String token, @Value("${slack.base-url:https://slack.com/api/}") String baseUrl,
      ProviderCallGuard guard) {
    this.token = token;
    this.guard = guard;
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    config.setPrettyResponseLoggingEnabled(false);
    // The SDK's per-team call statistics would call auth.test behind our back; Vigil keeps no such stats.
    config.getMethodsConfig().setStatsEnabled(false);
    OkHttpClient http = SlackHttpClient.buildOkHttpClient(config).newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .readTimeout(READ_TIMEOUT)
        .writeTimeout(READ_TIMEOUT)
        .callTimeout(CALL_TIMEOUT)
        .build();
    SlackHttpClient slackHttp = new SlackHttpClient(http);
    slackHttp.setConfig(config);
    this.methods = Slack.getInstance(config, slackHttp).methods(token);
  }

  public boolean isConnected() {
    return token != null && !token.isBlank();
  }

  /** Opens (or finds) the DM channel with a Slack user. */
  public String openDirectMessage(String slackUserId) {
    return call("conversations.open", Kind.READ, () -> methods.conversationsOpen(r -> r.users(java.util.List.of(slackUserId))))
        .getChannel()
        .getId();
  }

  /** Posts a message tagged with its delivery key; answers Slack's message ts. */
  public String post(String channel, String text, String deliveryKey) {
    return post(channel, text, null, deliveryKey);
  }

  /**
   * Posts Block Kit {@code blocks} (null: none) with {@code text} as the notification's fallback,
   * tagged with its delivery key; answers Slack's message ts.
   */
  public String post(String channel, String text, List<LayoutBlock> blocks, String deliveryKey) {
    Message.Metadata metadata =
        Message.Metadata.builder().eventType(METADATA_EVENT).eventPayload(Map.of("key", deliveryKey)).build();
    return call("chat.postMessage", Kind.SEND,
            () -> methods.chatPostMessage(r -> r.channel(channel).text(text).blocks(blocks).mrkdwn(true)
                .unfurlLinks(false).metadata(metadata)))
        .getTs();
  }

  /** Replaces a posted message (its text and blocks): a decision shown where the buttons were. */
  public void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
    call("chat.update", Kind.SEND, () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
  }

  /** A message only {@code slackUserId} sees, in {@code channel}. */
  public void postEphemeral(String channel, String slackUserId, String text) {
    call("chat.postEphemeral", Kind.SEND, () -> methods.chatPostEphemeral(r -> r.channel(channel).user(slackUserId).text(text)));
  }

  /** Opens a modal for the person who clicked ({@code triggerId} lives 3 seconds). */
  public void openView(String triggerId, View view) {
    call("views.open", Kind.SEND, () -> methods.viewsOpen(r -> r.triggerId(triggerId).view(view)));
  }

  /** The ts of a recent message in {@code channel} that carries {@code deliveryKey}, if one was posted. */
  public Optional<String> findPosted(String channel, String deliveryKey) {
    var history = call("conversations.history", Kind.READ,
        () -> methods.conversationsHistory(r -> r.channel(channel).limit(100).includeAllMetadata(true)));
    if (history.getMessages() == null) {
      return Optional.empty();
    }
    return history.getMessages().stream()
        .filter(m -> m.getMetadata() != null && METADATA_EVENT.equals(m.getMetadata().getEventType()))
        .filter(m -> m.getMetadata().getEventPayload() != null
            && deliveryKey.equals(m.getMetadata().getEventPayload().get("key")))
        .map(Message::getTs)
        .findFirst();
  }

  /** Creates a public channel; when the name is taken (a re-run, or a human was first) answers the existing one. */
  public String createOrFindChannel(String name) {
    try {
      return call("conversations.create", Kind.SEND, () -> methods.conversationsCreate(r -> r.name(name).isPrivate(false)))
          .getChannel().getId();
    } catch (DeliveryFailure failure) {
      if (!failure.getMessage().endsWith("name_taken")) {
        throw failure;
      }
    }
    String cursor = null;
    do {
      String page = cursor;
      var list = call("conversations.list", Kind.READ, () -> methods.conversationsList(r -> r.excludeArchived(true).limit(1000)
          .types(java.util.List.of(com.slack.api.model.ConversationType.PUBLIC_CHANNEL)).cursor(page)));
      for (var channel : list.getChannels()) {
        if (name.equals(channel.getName())) {
          return channel.getId();
        }
      }
      cursor = list.getResponseMetadata() == null ? null : list.getResponseMetadata().getNextCursor();
    } while (cursor != null && !cursor.isBlank());
    throw DeliveryFailure.permanent("Slack channel " + name + " is taken but not visible to the bot: name_taken");
  }

  /** Invites users; users already in the channel are fine. */
  public void invite(String channel, java.util.List<String> slackUserIds) {
    if (slackUserIds.isEmpty()) {
      return;
    }
    try {
      call("conversations.invite", Kind.SEND, () -> methods.conversationsInvite(r -> r.channel(channel).users(slackUserIds)));
    } catch (DeliveryFailure failure) {
      if (!failure.getMessage().endsWith("already_in_channel") && !failure.getMessage().endsWith("cant_invite_self")) {
        throw failure;
      }
    }
  }

  private interface SlackCall<T extends SlackApiTextResponse> {
    T run() throws IOException, SlackApiException;
  }

  private <T extends SlackApiTextResponse> T call(String method, Kind kind, SlackCall<T> call) {
    guard.beforeCall("Slack " + method, kind, CALL_TIMEOUT);
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      int status = e.getResponse().code();
      String retryAfter = e.getResponse().header("Retry-After");
      if (status == 429) {
        Duration wait = Duration.ofSeconds(retryAfter == null ? 30 : Long.parseLong(retryAfter.trim()));
        throw DeliveryFailure.rateLimited("Slack " + method + " rate limited; retry after " + wait.toSeconds() + " s", wait);
      }
      throw DeliveryFailure.transientFailure("Slack " + method + " answered HTTP " + status);
    } catch (IOException e) {
      throw DeliveryFailure.transientFailure("Slack " + method + " unreachable: " + e.getMessage());
    }
    if (!response.isOk()) {
      String error = response.getError();
      if ("ratelimited".equals(error)) {
        throw DeliveryFailure.rateLimited("Slack " + method + " rate limited", Duration.ofSeconds(30));
      }
      if (PERMANENT_ERRORS.contains(error)) {
        throw DeliveryFailure.permanent("Slack " + method + " failed: " + error);
      }
      throw DeliveryFailure.transientFailure("Slack " + method + " failed: " + error);
    }
    return response;
  }
}
