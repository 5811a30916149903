package se.indikatorvakt.notification;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.Trend;

/**
 * Turns claimed outbox rows into what the templates show: the facts snapshot of each row, completed from the
 * catalog (description, names, period label) and the stored series (trend table), formatted in Swedish.
 */
final class MailModel {
  /** The Grafana dashboard every email links to; its variables are indikator, enhet and kon. */
  static final String DASHBOARD_UID = "indikator-mot-malvarde";

  private final Catalog catalog;
  private final AcknowledgementLinks links;
  private final String grafanaBaseUrl;
  private final ZoneId zone;
  private final int dailyCap;

  MailModel(Catalog catalog, AcknowledgementLinks links, String grafanaBaseUrl, ZoneId zone, int dailyCap) {
    this.catalog = catalog;
    this.links = links;
    this.grafanaBaseUrl = grafanaBaseUrl;
    this.zone = zone;
    this.dailyCap = dailyCap;
  }

  MailView view(ClaimedMail mail, Map<Long, List<HistoryPoint>> history) {
    List<MailView.MailItem> items = new ArrayList<>();
    Set<String> unitNames = new LinkedHashSet<>();
    for (OutboxRow row : mail.rows()) {
      MailView.MailItem item = item(row, history.getOrDefault(row.id(), List.of()));
      items.add(item);
      unitNames.add(item.orgUnitName());
    }
    int count = items.size();
    boolean digest = mail.digest();
    return new MailView(mail.recipient(), mail.rows().get(0).role(), count, !digest && count == 1,
        !digest && count > 1, digest, dailyCap, items, unitNames.stream().map(MailView.Unit::new).toList(),
        items.get(0));
  }

  private MailView.MailItem item(OutboxRow row, List<HistoryPoint> history) {
    JsonObject facts = row.facts();
    String indicatorId = facts.getString("indicatorId", "");
    Optional<Indicator> indicator = catalog.indicator(indicatorId);
    Optional<MeasurementUnit> unit = indicator.map(Indicator::unit)
        .or(() -> MeasurementUnit.fromCode(facts.getString("unit", "")));
    String gender = facts.getString("gender", "T");
    String periodNotation = facts.getString("period");
    Optional<Result> result = result(facts.getString("result"));
    Optional<Trend> trend = trend(facts.getString("trend"));
    JsonObject escalatedFrom = facts.getJsonObject("escalatedFrom", new JsonObject());
    NotificationKind kind = row.kind();
    String resultText = result.map(Result::swedish).orElse(null);
    return new MailView.MailItem(
        kind == NotificationKind.FIRING, kind == NotificationKind.RESOLVED, kind == NotificationKind.REMINDER,
        kind == NotificationKind.ESCALATION, kind == NotificationKind.MISSING_REPORT,
        !"warning".equals(facts.getString("severity")) && result.orElse(null) != Result.DELVIS_UPPFYLLT,
        resultText, resultText == null ? null : SwedishText.capitalized(resultText),
        indicatorId,
        indicator.map(Indicator::name).orElse(facts.getString("indicatorName", indicatorId)),
        indicator.map(Indicator::description).orElse(null),
        row.orgUnit(),
        catalog.organisation().unit(row.orgUnit()).map(OrgUnit::name).orElse(row.orgUnit()),
        genderText(gender),
        periodNotation == null ? null : periodLabel(indicator, periodNotation),
        number(facts, "value").stream().mapToObj(v -> withUnit(v, unit)).findFirst().orElse(null),
        facts.getString("target"),
        number(facts, "warningValue").stream().mapToObj(v -> withUnit(v, unit)).findFirst().orElse(null),
        trend.map(Trend::swedish).orElse(null),
        historyRows(history, indicator, unit, periodNotation),
        !history.isEmpty(),
        grafanaUrl(indicatorId, row.orgUnit(), gender),
        kind == NotificationKind.RESOLVED ? null : links.url(row.alertId(), row.recipient()),
        row.role(),
        escalatedFrom.getString("role"),
        escalatedFrom.getString("email"),
        duration(facts.getString("escalatedAfter")),
        instant(facts.getString("firingSince")));
  }

  private List<MailView.HistoryRow> historyRows(List<HistoryPoint> points, Optional<Indicator> indicator,
      Optional<MeasurementUnit> unit, String currentPeriod) {
    double largest = points.stream().mapToDouble(p -> Math.abs(p.value())).max().orElse(0);
    List<MailView.HistoryRow> rows = new ArrayList<>();
    for (HistoryPoint point : points) {
      int bar = largest == 0 ? 0 : (int) Math.round(100 * Math.abs(point.value()) / largest);
      rows.add(new MailView.HistoryRow(periodLabel(indicator, point.period()), withUnit(point.value(), unit),
          result(point.result()).map(Result::swedish).orElse(""), bar, point.period().equals(currentPeriod)));
    }
    return rows;
  }

  private String grafanaUrl(String indicatorId, String orgUnit, String gender) {
    return grafanaBaseUrl + "/d/" + DASHBOARD_UID + "/" + DASHBOARD_UID + "?var-indikator=" + query(indicatorId)
        + "&var-enhet=" + query(orgUnit) + "&var-kon=" + query(gender);
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String periodLabel(Optional<Indicator> indicator, String notation) {
    if (indicator.isEmpty()) {
      return notation;
    }
    try {
      return Period.parse(indicator.get().periodType(), notation).swedishLabel();
    } catch (IllegalArgumentException e) {
      return notation;
    }
  }

  private static String withUnit(double value, Optional<MeasurementUnit> unit) {
    String number = SwedishText.number(value);
    if (unit.isEmpty() || unit.get().symbol().isEmpty()) {
      return number;
    }
    if (unit.get() == MeasurementUnit.RANG) {
      return unit.get().symbol() + " " + number;
    }
    return number + " " + unit.get().symbol();
  }

  private static String genderText(String gender) {
    return switch (gender) {
      case "K" -> "kvinnor";
      case "M" -> "män";
      default -> null;
    };
  }

  private static OptionalDouble number(JsonObject facts, String key) {
    Object value = facts.getValue(key);
    return value instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
  }

  /** Accepts the evaluation's label ("not-met") or its enum name, whichever the snapshot holds. */
  private static Optional<Result> result(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Result result : Result.values()) {
      if (result.label().equals(code) || result.name().equalsIgnoreCase(code)) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  private static Optional<Trend> trend(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Trend trend : Trend.values()) {
      if (trend.name().equalsIgnoreCase(code) || trend.swedish().equals(code)) {
        return Optional.of(trend);
      }
    }
    return Optional.empty();
  }

  private static String duration(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return SwedishText.duration(Duration.parse(iso));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private String instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return SwedishText.dateTime(Instant.parse(iso), zone);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
