package io.vigil.activities.silence;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * When a customer's silence calls for a check-in: its band that day is yellow and its last contact
 * (touchpoint, or email sent through Vigil) is at least {@code vigil.silence.after-days} (30) days
 * before the day scored. A check-in stays open for {@code vigil.silence.cooldown} (30 days) after
 * it starts, so the same silence is not checked in on twice within it.
 */
@Singleton
public class SilenceRule {
  public static final String BAND = "yellow";

  private final int afterDays;
  private final Duration cooldown;

  public SilenceRule(@Value("${vigil.silence.after-days:30}") int afterDays,
      @Value("${vigil.silence.cooldown:30d}") Duration cooldown) {
    if (afterDays < 1) {
      throw new IllegalArgumentException("vigil.silence.after-days must be at least 1, not " + afterDays);
    }
    this.afterDays = afterDays;
    this.cooldown = cooldown;
  }

  /** Whole days of silence on {@code asOf}: from the day of the last contact (that day is day 0). */
  public static int silentDays(LocalDate silentSince, LocalDate asOf) {
    return (int) ChronoUnit.DAYS.between(silentSince, asOf);
  }

  public boolean calls(String band, LocalDate silentSince, LocalDate asOf) {
    return BAND.equals(band) && silentSince != null && silentDays(silentSince, asOf) >= afterDays;
  }

  public int afterDays() {
    return afterDays;
  }

  public Duration cooldown() {
    return cooldown;
  }
}
