package io.vigil.infra;

import java.time.Duration;

/**
 * Told by the Slack and Google gateways before each call they make. The layer running the calls
 * (the Temporal activities) uses it to heartbeat, and to refuse to begin a send its attempt could
 * not see through: a call started with less than {@code bound} left could still be in flight when
 * the attempt times out, and the next attempt would then ask the provider too early and send again.
 */
public interface ProviderCallGuard {
  /** Before calling {@code call} ("Slack chat.postMessage"), which takes at most {@code bound}. */
  void beforeCall(String call, Kind kind, Duration bound);

  /** What a call does: only reads, or has an effect a retry must not repeat blindly. */
  enum Kind {
    READ,
    SEND
  }
}
