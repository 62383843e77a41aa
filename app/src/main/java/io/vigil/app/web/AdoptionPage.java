package io.vigil.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.activities.adoption.TrainingResources;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Page;
import io.vigil.infra.persistence.AdoptionReports;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.FeatureAdoptionRow;
import io.vigil.infra.persistence.FeatureCatalogEntry;
import io.vigil.infra.persistence.FeatureCatalogStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature adoption (PRD-090 5.2, 5.3) as the dashboard shows it: the catalog's features × the
 * viewer's customers by adoption stage (docs/adoption.md, "Stages"), a page of customers at a time;
 * the adoption report of {@code GET /api/reports/adoption} over its default period; each feature's
 * training resources and suggested outreach as {@code GET /api/features/{id}/resources} gives them.
 */
@Singleton
public class AdoptionPage {
  /** Customers per page of the matrix, so a portfolio of hundreds stays readable and quick. */
  static final int CUSTOMERS = 50;
  /** The stages in their order, as the rollup writes them. */
  static final List<String> STAGES = List.of("not_started", "started", "engaged", "adopted", "churned");

  private final FeatureCatalogStore catalog;
  private final CustomerRepository customers;
  private final AdoptionRollups rollups;
  private final AdoptionReports reports;
  private final ObjectMapper json;
  private final Clock clock;

  public AdoptionPage(FeatureCatalogStore catalog, CustomerRepository customers, AdoptionRollups rollups,
      AdoptionReports reports, ObjectMapper json, Clock clock) {
    this.catalog = catalog;
    this.customers = customers;
    this.rollups = rollups;
    this.reports = reports;
    this.json = json;
    this.clock = clock;
  }

  public record Feature(String id, String name, String category, int importance, String keyBenefit,
      List<TrainingResources.Resource> resources, String suggestedOutreach) {}

  /** {@code stage} null: the feature is not activated for the customer. */
  public record Cell(String stage, String words, Integer score, boolean stalled) {}

  public record Row(String customerId, String name, String arr, List<Cell> cells) {}

  public record Stage(String stage, String words) {}

  public record View(List<Feature> features, List<Row> rows, String nextCursor, List<Stage> stages,
      AdoptionReports.AdoptionReport report) {}

  /** The page of the matrix after {@code page}'s cursor (names in order), with the report and the resources. */
  public View of(Viewer viewer, Keyset page) {
    List<FeatureCatalogEntry> entries = catalog.all();
    Page<Customer> shown = page.page(customers.pageByName(viewer.scope().csmIdsLiteral(), page.text(0), page.text(1),
        page.fetch()), c -> c, c -> List.of(c.name(), c.id()));
    Map<String, FeatureAdoptionRow> adoption = new HashMap<>();
    for (FeatureAdoptionRow row : rollups.findByCustomers(shown.items().stream().map(Customer::id).toList())) {
      adoption.put(row.customerId() + "\u0000" + row.featureId(), row);
    }
    List<Row> rows = shown.items().stream().map(c -> new Row(c.id(), c.name(), PageFormat.money(c.arr()),
        entries.stream().map(f -> cell(adoption.get(c.id() + "\u0000" + f.featureId()))).toList())).toList();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return new View(entries.stream().map(this::feature).toList(), rows, shown.nextCursor(),
        STAGES.stream().map(s -> new Stage(s, PageFormat.label(s))).toList(),
        reports.report(today.minusDays(AdoptionReports.DEFAULT_DAYS - 1), today));
  }

  public static Keyset keyset(String cursor) {
    return Keyset.of("adoption-customers", CUSTOMERS, cursor, 2);
  }

  private static Cell cell(FeatureAdoptionRow row) {
    if (row == null) {
      return new Cell(null, "not activated", null, false);
    }
    return new Cell(row.stage(), PageFormat.label(row.stage()), row.usageScore(), row.stalled());
  }

  private Feature feature(FeatureCatalogEntry entry) {
    List<TrainingResources.Resource> resources = TrainingResources.parse(json, entry.trainingResources());
    return new Feature(entry.featureId(), entry.featureName(), entry.category() == null ? "" : entry.category(),
        entry.importanceScore(), entry.keyBenefit() == null ? "" : entry.keyBenefit(), resources,
        TrainingResources.suggestedOutreach(entry, resources));
  }
}
