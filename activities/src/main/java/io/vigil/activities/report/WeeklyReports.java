package io.vigil.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportStore;
import io.vigil.infra.persistence.WeeklyReportStore.StoredReport;
import io.vigil.workflows.report.IsoWeek;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a week's report from its sections and keeps it: the first compilation of a week is
 * stored and every later one (a second run, a delivery, the API) answers what was stored, so the
 * channel, the emails and {@code GET /api/reports/weekly} show the same figures.
 */
@Singleton
public class WeeklyReports {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.US);

  private final List<WeeklyReportSection> sections;
  private final WeeklyReportStore store;
  private final WeeklyReportFigures figures;
  private final ObjectMapper json;
  private final Clock clock;

  public WeeklyReports(List<WeeklyReportSection> sections, WeeklyReportStore store, WeeklyReportFigures figures,
      ObjectMapper json, Clock clock) {
    this.sections = sections.stream().sorted(Comparator.comparingInt(WeeklyReportSection::order)).toList();
    this.store = store;
    this.figures = figures;
    this.json = json;
    this.clock = clock;
  }

  /** A compiled report: stored or only computed (a preview), with its content and texts. */
  public record Report(IsoWeek week, boolean stored, JsonNode content, String slackText, String emailText) {
    public String subject() {
      return "Weekly customer health report " + week;
    }
  }

  /** The stored report of a week; {@code computedNow}: this compilation computed and stored it. */
  public record Compiled(Report report, boolean computedNow) {}

  /** The stored report of the week, computing and storing it first when there is none. */
  public Compiled compile(IsoWeek week, String workflowId) {
    Optional<Report> stored = stored(week);
    if (stored.isPresent()) {
      return new Compiled(stored.get(), false);
    }
    if (!hasBegun(week)) {
      throw new IllegalArgumentException(week + " has not begun: there is nothing to report yet");
    }
    Report computed = compute(week);
    boolean storedNow = store.storeIfAbsent(new StoredReport(week.toString(), week.monday(), write(computed.content()), computed.slackText(),
        computed.emailText(), workflowId, null));
    // a concurrent compilation may have stored first: what is stored is the answer
    return new Compiled(stored(week).orElseThrow(), storedNow);
  }

  public Optional<Report> stored(IsoWeek week) {
    return store.find(week.toString()).map(r -> new Report(week, true, read(r.contentJson()), r.slackText(), r.emailText()));
  }

  /**
   * The report as it would be computed now, not stored, for a week that has begun and has health
   * scores (empty otherwise: nothing to report on).
   */
  public Optional<Report> preview(IsoWeek week) {
    if (!hasBegun(week) || !figures.anyScoredDay(week.monday(), week.nextMonday())) {
      return Optional.empty();
    }
    return Optional.of(compute(week));
  }

  public boolean hasBegun(IsoWeek week) {
    return !week.monday().isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  Report compute(IsoWeek week) {
    Map<String, Object> bySection = new LinkedHashMap<>();
    List<Priority> proposed = new ArrayList<>();
    List<ReportText.Block> blocks = new ArrayList<>();
    for (WeeklyReportSection section : sections) {
      SectionResult result = section.compute(week);
      bySection.put(section.key(), result.content());
      proposed.addAll(result.priorities());
      blocks.add(result.text());
    }
    List<Priority> priorities = RecommendedPriorities.pick(proposed);
    blocks.add(new ReportText.Block("Recommended priorities for next week",
        priorities.stream().map(Priority::text).toList(), "Nothing stands out: keep the regular cadence."));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("week", week.toString());
    content.put("from", week.monday().toString());
    content.put("to", week.nextMonday().minusDays(1).toString());
    content.put("sections", bySection);
    content.put("priorities", priorities);
    String heading = "Customer health weekly report " + week + " (" + DAY.format(week.monday()) + " to "
        + DAY.format(week.nextMonday().minusDays(1)) + ")";
    return new Report(week, false, json.valueToTree(content), ReportText.slack(heading, blocks),
        ReportText.plain(heading, blocks));
  }

  private String write(JsonNode content) {
    try {
      return json.writeValueAsString(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode read(String content) {
    try {
      return json.readTree(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
