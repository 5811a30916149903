package se.indikatorvakt.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.text.Codes;

/**
 * The yearly list of lapsed målvärden (outbox kind {@code yearly-targets-missing}) as its templates show it: what the
 * row's facts recorded when the list was decided, with the names and the last målvärde in words from the catalog in
 * force (the row's own text where the catalog no longer has them).
 */
final class MissingTargetsMail {
  /** The overview dashboard, whose panel "Målvärde saknas" counts the same per kommun. */
  static final String DASHBOARD_UID = "maluppfyllelse-oversikt";

  /**
   * @param count målvärden missing (indicator × unit × kön), one line each
   * @param indicators how many indicators they belong to
   */
  record View(String subject, String role, String kommunName, int year, int previousYear, int count, int indicators,
      boolean one, boolean severalUnits, List<Line> lines, String grafanaUrl) {}

  /** One lapsed målvärde: the indicator, the unit it was set for, the kön when not totalt, its last period. */
  record Line(String indicatorName, String orgUnitName, String genderText, String lastPeriodLabel,
      String lastTargetText) {}

  private MissingTargetsMail() {}

  static View view(Catalog catalog, OutboxRow row, String grafanaBaseUrl) {
    JsonObject facts = row.facts();
    String code = facts.getString("kommun", "");
    Optional<Kommun> kommun = catalog.kommun(code);
    int year = facts.getInteger("year");
    List<Line> lines = new ArrayList<>();
    Set<String> indicators = new LinkedHashSet<>();
    String onlyShortName = null;
    for (Object entry : facts.getJsonArray("items", new JsonArray())) {
      JsonObject item = (JsonObject) entry;
      String indicatorId = item.getString("indicatorId");
      indicators.add(indicatorId);
      Optional<Indicator> indicator = kommun.flatMap(k -> k.indicator(indicatorId));
      onlyShortName = indicator.map(Indicator::shortName).orElse(indicatorId);
      String unitId = item.getString("orgUnit");
      Gender gender = Codes.require(Gender.class, item.getString("gender", Gender.T.code()));
      Optional<Period> last = MailModel.period(indicator, item.getString("lastPeriod"));
      List<TargetRule> targets = indicator.flatMap(i -> last.map(p -> kommun.get().targetsFor(i, unitId, gender, p)))
          .orElse(List.of());
      String targetText = targets.isEmpty() ? TargetProse.ofText(item.getString("lastTarget", ""))
          : String.join(" och ", targets.stream().map(rule -> TargetProse.of(rule.target())).toList());
      lines.add(new Line(indicator.map(Indicator::name).orElse(indicatorId),
          catalog.organisation().unit(unitId).map(OrgUnit::name).orElse(unitId),
          switch (gender) {
            case K -> "kvinnor";
            case M -> "män";
            case T -> null;
          },
          last.map(Period::swedishLabel).orElse(item.getString("lastPeriod")),
          targetText.isEmpty() ? null : targetText));
    }
    String kommunName = kommun.map(Kommun::name).orElse(code);
    String what = indicators.size() == 1 ? onlyShortName : indicators.size() + " indikatorer";
    String subject = SubjectLine.of("Målvärde saknas för " + year, what, "", kommunName);
    return new View(subject, MailModel.lowerCaseTitle(row.role()), kommunName, year, year - 1, lines.size(),
        indicators.size(), lines.size() == 1, lines.size() > indicators.size(), lines,
        grafanaBaseUrl + "/d/" + DASHBOARD_UID + "/" + DASHBOARD_UID);
  }
}
