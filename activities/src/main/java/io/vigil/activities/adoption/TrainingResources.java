package io.vigil.activities.adoption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.infra.persistence.FeatureAdoptionRow;
import io.vigil.infra.persistence.FeatureCatalogEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A catalog feature's training resources as read from its JSON, and the wording built from them. */
public final class TrainingResources {
  private static final DateTimeFormatter SESSION_DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US);

  private TrainingResources() {}

  public record Resource(String type, String title, String url, Integer durationMinutes, String level, String nextSession) {

    /** One line of the PRD 5.1 Slack list: {@code :video_camera: "Overview" (12 min)}. */
    public String slackLine() {
      return switch (type) {
        case "video" -> ":video_camera: \"" + title + "\"" + (durationMinutes == null ? "" : " (" + durationMinutes + " min)");
        case "webinar" -> ":calendar: " + (nextSession == null ? "\"" + title + "\"" : "Next live training: " + sessionDay()
            + " (\"" + title + "\")");
        default -> ":page_facing_up: \"" + title + "\"";
      };
    }

    private String sessionDay() {
      try {
        return SESSION_DAY.format(Instant.parse(nextSession).atZone(ZoneOffset.UTC));
      } catch (RuntimeException notAnInstant) {
        return nextSession;
      }
    }
  }

  public static List<Resource> parse(ObjectMapper json, String trainingResourcesJson) {
    List<Resource> resources = new ArrayList<>();
    try {
      for (JsonNode r : json.readTree(trainingResourcesJson == null ? "[]" : trainingResourcesJson)) {
        resources.add(new Resource(r.path("type").asText("documentation"), r.path("title").asText(), r.path("url").asText(),
            r.hasNonNull("durationMinutes") ? r.get("durationMinutes").asInt() : null,
            r.hasNonNull("level") ? r.get("level").asText() : null,
            r.hasNonNull("nextSession") ? r.get("nextSession").asText() : null));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored training resources are not JSON: " + trainingResourcesJson, e);
    }
    return resources;
  }

  /** What a CSM could send about this feature, in one paragraph (GET /api/features/{id}/resources). */
  public static String suggestedOutreach(FeatureCatalogEntry feature, List<Resource> resources) {
    StringBuilder text = new StringBuilder("Offer a 20-minute walkthrough of " + feature.featureName());
    if (feature.keyBenefit() != null) {
      text.append(" (it helps customers ").append(feature.keyBenefit()).append(")");
    }
    if (resources.isEmpty()) {
      text.append("; the catalog holds no training resources for it yet, add some with PUT /api/features/")
          .append(feature.featureId()).append('.');
      return text.toString();
    }
    Resource first = resources.stream().filter(r -> "video".equals(r.type())).findFirst().orElse(resources.get(0));
    text.append(" and share \"").append(first.title()).append("\" (").append(first.url()).append(")");
    resources.stream().filter(r -> "webinar".equals(r.type()) && r.nextSession() != null).findFirst()
        .ifPresent(w -> text.append("; invite them to the live training on ").append(w.sessionDay()));
    if (feature.tips() != null) {
      text.append(". Tip: ").append(feature.tips());
    }
    return text.append('.').toString();
  }

  /**
   * The customer's overall adoption: the mean usage score of the features it has activated or used
   * (0 when it has none).
   */
  public static int overallAdoption(List<FeatureAdoptionRow> rows) {
    return (int) Math.round(rows.stream().mapToInt(FeatureAdoptionRow::usageScore).average().orElse(0));
  }
}
