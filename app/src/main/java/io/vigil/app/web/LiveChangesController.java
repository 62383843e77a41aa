package io.vigil.app.web;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scope;
import io.vigil.infra.persistence.ChangeFeed;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Server-sent events that tell a signed-in page its content changed: an event {@code changed} (no
 * data: the page fetches its own scoped content again) when a change touches a customer of the
 * viewer's portfolio, at most one a second. A comment every 25 seconds keeps proxies from closing
 * the stream, and the stream ends after 30 minutes so the browser reconnects with its session
 * checked again. The stream holds no thread while it waits.
 */
@Hidden
@Controller
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
public class LiveChangesController {
  static final Duration AT_MOST_EVERY = Duration.ofSeconds(1);
  static final Duration KEEP_ALIVE = Duration.ofSeconds(25);
  static final Duration LIFETIME = Duration.ofMinutes(30);

  private final ChangeFeed feed;
  private final Viewers viewers;

  public LiveChangesController(ChangeFeed feed, Viewers viewers) {
    this.feed = feed;
    this.viewers = viewers;
  }

  @Get(value = "/live/changes", produces = MediaType.TEXT_EVENT_STREAM)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public Publisher<Event<String>> changes(Authentication auth) {
    Scope scope = viewers.of(auth).scope();
    Flux<Event<String>> changes = Flux.<ChangeFeed.Change>create(sink -> {
          Runnable unsubscribe = feed.subscribe(sink::next);
          sink.onDispose(unsubscribe::run);
        }, FluxSink.OverflowStrategy.LATEST)
        .filter(change -> concerns(scope, change))
        .sample(AT_MOST_EVERY)
        .map(change -> Event.of("changed").name("changed"));
    Flux<Event<String>> keepAlive = Flux.interval(KEEP_ALIVE).map(tick -> Event.of("").comment("keep-alive"));
    return Flux.merge(Flux.just(Event.of("listening").name("listening")), changes, keepAlive).take(LIFETIME);
  }

  static boolean concerns(Scope scope, ChangeFeed.Change change) {
    return scope.isAll() || change.everyone() || change.csmIds().stream().anyMatch(scope::coversCsm);
  }
}
