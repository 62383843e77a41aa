package io.vigil.app.web;

import io.vigil.app.security.Scope;
import io.vigil.infra.persistence.AlertQuality;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.TeamFigures;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The team and its portfolio (PRD-086 US-4s), from the API's own figures: health bands with their
 * ARR and the customers at risk ({@code GET /api/health/summary}'s {@link HealthStore}), each CSM's
 * alerts, time to first action, approvals and tasks ({@code GET /api/insights/team}'s
 * {@link TeamFigures}) and alert accuracy per rule ({@code GET /api/insights/alert-quality}'s
 * {@link AlertQuality}), over the same window, within the viewer's scope.
 */
@Singleton
public class TeamPage {
  static final int AT_RISK_LISTED = 50;
  /** PRD-086: every alert acted on within 2 hours. */
  static final BigDecimal TARGET_MINUTES = BigDecimal.valueOf(120);

  private final TeamFigures team;
  private final HealthStore health;
  private final AlertQuality quality;
  private final TriggerRuleRepository triggers;

  public TeamPage(TeamFigures team, HealthStore health, AlertQuality quality, TriggerRuleRepository triggers) {
    this.team = team;
    this.health = health;
    this.quality = quality;
    this.triggers = triggers;
  }

  public record Band(String name, String css, long customers, String arr) {}

  /** {@code bandName}, not {@code band}: the templates' OGNL reads {@code band} as its bitwise and. */
  public record AtRiskItem(String customerId, String name, String csm, int score, String bandName, PageFormat.Trend trend,
      String arr, String reason) {}

  public record MemberRow(String csmId, String name, int customers, String arr, int green, int yellow, int red,
      String arrAtRisk, int openAlerts, int acknowledgedAlerts, int raised, String firstAction, boolean overTarget,
      int actedWithinTwoHours, int pendingApprovals, int openTasks, int overdueTasks) {}

  public record RuleRow(String rule, String triggerId, int alerts, int open, int resolved, int dismissed, String accuracy,
      String firstAction, boolean overTarget) {}

  public record View(String from, String to, long days, List<Band> bands, String totalArr, List<AtRiskItem> atRisk,
      boolean moreAtRisk, List<MemberRow> members, List<RuleRow> rules) {}

  /** The scope's portfolio; alerts counted as raised in [from, to). */
  public View of(Scope scope, Instant from, Instant to, Instant now) {
    List<String> csmIds = scope.csmIds();
    String csmIdsLiteral = scope.csmIdsLiteral();
    List<TeamFigures.Member> members = team.members(csmIds, from, to, now);
    Map<String, String> names = members.stream()
        .collect(Collectors.toMap(TeamFigures.Member::csmId, TeamFigures.Member::name, (a, b) -> a));
    Map<String, HealthStore.Band> bands = health.bands(csmIdsLiteral, null);
    List<HealthStore.AtRisk> atRisk = health.atRisk(csmIdsLiteral, null, null, null, AT_RISK_LISTED + 1);
    Map<String, String> ruleNames = triggers.search(null, null, null, 1000).stream()
        .collect(Collectors.toMap(TriggerRule::id, TriggerRule::name));
    BigDecimal total = bands.values().stream().map(HealthStore.Band::arr).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new View(PageFormat.when(from), PageFormat.when(to), Duration.between(from, to).toDays(),
        List.of(band("green", "Green", bands), band("yellow", "Yellow", bands), band("red", "Red", bands),
            band("unscored", "Not scored yet", bands)),
        PageFormat.money(total),
        atRisk.stream().limit(AT_RISK_LISTED).map(r -> new AtRiskItem(r.customerId(), r.name(),
            names.getOrDefault(r.csmId(), r.csmId()), r.score(), r.band(), PageFormat.trend(r.trend()),
            PageFormat.money(r.arr()), r.reason() == null ? "" : r.reason())).toList(),
        atRisk.size() > AT_RISK_LISTED,
        members.stream().map(TeamPage::row).toList(),
        quality.byRule(from, to, csmIds).stream().map(q -> rule(q, ruleNames)).toList());
  }

  private static Band band(String key, String name, Map<String, HealthStore.Band> bands) {
    HealthStore.Band band = bands.get(key);
    return new Band(name, key, band == null ? 0 : band.customers(), PageFormat.money(band == null ? BigDecimal.ZERO : band.arr()));
  }

  private static MemberRow row(TeamFigures.Member m) {
    return new MemberRow(m.csmId(), m.name(), m.customers(), PageFormat.money(m.arr()), m.green(), m.yellow(), m.red(),
        PageFormat.money(m.arrAtRisk()), m.openAlerts(), m.acknowledgedAlerts(), m.raised(),
        PageFormat.minutes(m.medianMinutesToFirstAction()), overTarget(m.medianMinutesToFirstAction()),
        m.actedWithinTwoHours(), m.pendingApprovals(), m.openTasks(), m.overdueTasks());
  }

  private static RuleRow rule(AlertQuality.RuleQuality q, Map<String, String> ruleNames) {
    String rule = q.triggerId() == null ? PageFormat.label(q.type())
        : ruleNames.getOrDefault(q.triggerId(), PageFormat.label(q.type()) + " (" + q.triggerId() + ")");
    String accuracy = q.accuracy() == null ? "none decided yet"
        : q.accuracy().movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    return new RuleRow(rule, ruleNames.containsKey(q.triggerId()) ? q.triggerId() : null, q.alerts(), q.open(),
        q.resolved(), q.dismissed(), accuracy, PageFormat.minutes(q.medianMinutesToFirstAction()),
        overTarget(q.medianMinutesToFirstAction()));
  }

  private static boolean overTarget(BigDecimal minutes) {
    return minutes != null && minutes.compareTo(TARGET_MINUTES) > 0;
  }
}
