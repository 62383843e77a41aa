package io.vigil.activities.detection;

import java.time.LocalDate;

/** Usage shapes shared by the detection tests. */
final class DetectionTestShapes {
  private DetectionTestShapes() {}

  /** 40 users on weekdays, 8 at weekends. */
  static double weekdayRhythm(LocalDate day) {
    return day.getDayOfWeek().getValue() >= 6 ? 8 : 40;
  }
}
