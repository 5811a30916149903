package se.indikatorvakt.notification;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Manager;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.SwedishNumbers;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.evaluation.TargetEvaluator;
import se.indikatorvakt.evaluation.Trend;

/**
 * Turns claimed outbox rows into what the templates show. Every alert an email lists is shown as it stands when the
 * email is composed ({@link CurrentAlert}), one line per series, the worst first: an alert closed or acknowledged
 * since its notice was queued says so, and only an alert that still asks for action carries the acknowledgement
 * link. The row's own snapshot is used only for an alert the lifecycle does not know.
 */
final class MailModel {
  /** The Grafana dashboard every email links to; its variables are kommun, indikator, enhet and kon. */
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

  /** Where an alert stands, worst first: the order of an email's lines. */
  enum Standing {
    CRITICAL("ej uppfyllt", "ej uppfyllt", "#c53030"),
    MISSING_REPORT("rapportering saknas", "utan rapportering", "#c53030"),
    WARNING("delvis uppfyllt", "delvis uppfyllt", "#d69e2e"),
    TARGET_MISSING("utan målvärde", "utan målvärde", "#d69e2e"),
    SILENCED("tystat", "tystade", "#718096"),
    ACKNOWLEDGED("kvitterat", "kvitterade", "#2b5797"),
    REVISED("rättat", "rättade", "#2f855a"),
    RETARGETED("ändrat målvärde", "med ändrat målvärde", "#2f855a"),
    MET_AGAIN("åter uppfyllt", "åter uppfyllda", "#2f855a"),
    REPORTED("rapporterat", "rapporterade", "#2f855a"),
    CLOSED("avslutat", "avslutade", "#2f855a");

    final String one;
    final String many;
    final String colour;

    Standing(String one, String many, String colour) {
      this.one = one;
      this.many = many;
      this.colour = colour;
    }

    boolean asksForAction() {
      return this == CRITICAL || this == MISSING_REPORT || this == WARNING;
    }

    boolean ended() {
      return ordinal() >= ACKNOWLEDGED.ordinal();
    }
  }

  /** What a line compares its value with, when the period before was not reported: the same period a year earlier. */
  record TrendBase(String period, double value, boolean yearEarlier) {}

  /** A series' stored values for its trend table, oldest first, and what its trend compares with. */
  record SeriesHistory(List<HistoryPoint> points, Optional<TrendBase> base) {
    static final SeriesHistory NONE = new SeriesHistory(List.of(), Optional.empty());
  }

  /** A row chosen to show its series, with its alert as it stands now. */
  record Line(OutboxRow row, Optional<CurrentAlert> alert) {
    String indicatorId() {
      return alert.map(CurrentAlert::indicatorId).orElse(row.facts().getString("indicatorId", ""));
    }

    String gender() {
      return alert.map(CurrentAlert::gender).orElse(row.facts().getString("gender", "T"));
    }

    /** The period the line judges: a target-missing notice's own period, else the alert's latest judged one. */
    String period() {
      if (row.kind() == NotificationKind.TARGET_MISSING) {
        return row.facts().getString("period");
      }
      return alert.map(CurrentAlert::period).orElse(row.facts().getString("period"));
    }

    OptionalDouble value() {
      if (row.kind() != NotificationKind.TARGET_MISSING && alert.isPresent()) {
        Double v = alert.get().value();
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
      }
      return row.facts().getValue("value") instanceof Number n ? OptionalDouble.of(n.doubleValue())
          : OptionalDouble.empty();
    }

    String series() {
      return indicatorId() + "\n" + row.orgUnit() + "\n" + gender();
    }
  }

  /** The rows an email shows: per series the newest row of its newest alert, in the order the rows came. */
  static List<Line> lines(ClaimedMail mail) {
    Map<String, Line> bySeries = new LinkedHashMap<>();
    for (OutboxRow row : mail.rows()) {
      Line line = new Line(row, Optional.ofNullable(mail.alerts().get(row.alertId())));
      bySeries.merge(line.series(), line, (old, candidate) -> candidate.row().alertId() > old.row().alertId()
          || (candidate.row().alertId() == old.row().alertId() && candidate.row().id() > old.row().id())
          ? candidate : old);
    }
    return new ArrayList<>(bySeries.values());
  }

  MailView view(ClaimedMail mail, Map<Long, SeriesHistory> history) {
    List<Line> lines = lines(mail);
    List<Line> ordered = new ArrayList<>(lines);
    ordered.sort(Comparator.comparingInt(line -> standing(line).ordinal()));
    List<MailView.MailItem> items = new ArrayList<>();
    Set<String> described = new HashSet<>();
    for (Line line : ordered) {
      boolean firstOfIndicator = described.add(line.indicatorId());
      items.add(item(line, history.getOrDefault(line.row().id(), SeriesHistory.NONE), firstOfIndicator,
          mail.digest()));
    }
    int count = items.size();
    boolean digest = mail.digest();
    long changed = mail.rows().stream().filter(r -> StaleNotices.ALARMS.contains(r.kind()))
        .map(r -> new Line(r, Optional.ofNullable(mail.alerts().get(r.alertId()))))
        .filter(l -> standing(l).ended()).map(Line::series).distinct().count();
    String role = lowerCaseTitle(mail.rows().get(0).role());
    return new MailView(mail.recipient(), subject(ordered, digest), role, count, !digest && count == 1,
        !digest && count > 1, digest, dailyCap, items.get(0).alarm(),
        count > 1 && changed > 0 ? changedText(changed, count) : null, items, items.get(0));
  }

  Standing standing(Line line) {
    OutboxRow row = line.row();
    if (line.alert().isEmpty()) {
      return switch (row.kind()) {
        case RESOLVED -> Result.fromCode(row.facts().getString("result")).filter(Result.UPPFYLLT::equals).isPresent()
            ? Standing.MET_AGAIN : Standing.CLOSED;
        case ACKNOWLEDGED -> Standing.ACKNOWLEDGED;
        case TARGET_MISSING -> Standing.TARGET_MISSING;
        case MISSING_REPORT -> Standing.MISSING_REPORT;
        default -> "warning".equals(row.facts().getString("severity")) ? Standing.WARNING : Standing.CRITICAL;
      };
    }
    CurrentAlert alert = line.alert().get();
    if (!alert.open()) {
      return switch (alert.closedBecause().orElse("")) {
        case "recovered" -> Standing.MET_AGAIN;
        case "revision", "cleared" -> Standing.REVISED;
        case "target-changed" -> Standing.RETARGETED;
        case "reported" -> Standing.REPORTED;
        default -> Standing.CLOSED;
      };
    }
    if (alert.acknowledged()) {
      return Standing.ACKNOWLEDGED;
    }
    if (alert.silencedUntil().isPresent()) {
      return Standing.SILENCED;
    }
    if (row.kind() == NotificationKind.TARGET_MISSING) {
      return Standing.TARGET_MISSING;
    }
    return switch (alert.severity()) {
      case "missing-report" -> Standing.MISSING_REPORT;
      case "warning" -> Standing.WARNING;
      default -> Standing.CRITICAL;
    };
  }

  private MailView.MailItem item(Line line, SeriesHistory history, boolean firstOfIndicator, boolean digest) {
    OutboxRow row = line.row();
    JsonObject facts = row.facts();
    Standing standing = standing(line);
    String indicatorId = line.indicatorId();
    Optional<Indicator> indicator = catalog.indicator(indicatorId);
    Optional<MeasurementUnit> unit = indicator.map(Indicator::unit)
        .or(() -> MeasurementUnit.fromCode(facts.getString("unit", "")));
    String gender = line.gender();
    String periodNotation = line.period();
    Optional<Period> period = period(indicator, periodNotation);
    Optional<Target> target = indicator.flatMap(i -> period.flatMap(p -> catalog.targetFor(i, row.orgUnit(), genderOf(gender), p)))
        .map(TargetRule::target);
    OptionalDouble value = line.value();
    String targetText = target.map(TargetProse::of)
        .orElse(Optional.ofNullable(line.alert().map(CurrentAlert::targetText).orElse(facts.getString("target")))
            .map(TargetProse::ofText).orElse(null));
    if (standing == Standing.TARGET_MISSING) {
      targetText = null;
    }
    if (standing == Standing.RETARGETED) {
      // the målvärde the value was judged again under, as stored: this instance may not have that catalog yet
      targetText = line.alert().map(CurrentAlert::targetText).map(TargetProse::ofText).orElse(null);
    }
    String distance = value.isPresent() && standing != Standing.TARGET_MISSING
        ? target.flatMap(t -> TargetProse.distance(t, value.getAsDouble())).orElse(null) : null;
    String result = result(line).map(Result::swedish).orElse(null);
    Optional<String> trend = trend(indicator, target, value, history.base());
    Optional<CurrentAlert> alert = line.alert();
    NotificationKind kind = row.kind();
    boolean alarmKind = StaleNotices.ALARMS.contains(kind);
    boolean asks = standing.asksForAction() && alarmKind;
    boolean missing = standing == Standing.MISSING_REPORT;
    JsonObject escalatedFrom = facts.getJsonObject("escalatedFrom", new JsonObject());
    String judgedPeriod = null;
    String judgedValue = null;
    String judgedResult = null;
    if (standing == Standing.TARGET_MISSING && alert.isPresent() && alert.get().period() != null) {
      judgedPeriod = periodLabel(indicator, alert.get().period());
      judgedValue = alert.get().value() == null ? null : withUnit(alert.get().value(), unit);
      judgedResult = Result.fromCode(alert.get().result()).map(Result::swedish).orElse(null);
    }
    return new MailView.MailItem(
        asks && !missing && kind == NotificationKind.FIRING, asks && !missing && kind == NotificationKind.REMINDER,
        asks && !missing && kind == NotificationKind.ESCALATION, asks && missing,
        standing == Standing.TARGET_MISSING, standing == Standing.ACKNOWLEDGED, standing == Standing.SILENCED,
        standing == Standing.MET_AGAIN, standing == Standing.REVISED, standing == Standing.RETARGETED,
        standing == Standing.REPORTED,
        standing == Standing.CLOSED || (standing.asksForAction() && !alarmKind),
        asks, headline(standing, kind), standing.colour, result,
        indicatorId,
        indicator.map(Indicator::name).orElse(facts.getString("indicatorName", indicatorId)),
        firstOfIndicator && !digest ? indicator.map(Indicator::description).orElse(null) : null,
        row.orgUnit(),
        catalog.organisation().unit(row.orgUnit()).map(OrgUnit::name).orElse(row.orgUnit()),
        genderText(gender),
        periodNotation == null ? null : periodLabel(indicator, periodNotation),
        value.isPresent() ? withUnit(value.getAsDouble(), unit) : null,
        targetText,
        target.flatMap(TargetProse::warning).orElse(null),
        distance,
        trend.orElse(null),
        history.base().map(b -> basis(indicator, b)).orElse(null),
        historyRows(history.points(), indicator, unit, periodNotation),
        !history.points().isEmpty(),
        grafanaUrl(indicatorId, row.orgUnit(), gender),
        asks ? links.url(row.alertId(), row.recipient()) : null,
        lowerCaseTitle(row.role()),
        Optional.ofNullable(escalatedFrom.getString("role")).map(MailModel::lowerCaseTitle).orElse(null),
        escalatedFrom.getString("email"),
        duration(facts.getString("escalatedAfter")),
        alert.flatMap(CurrentAlert::firingSince).map(this::dateTime).orElse(instant(facts.getString("firingSince"))),
        alert.flatMap(CurrentAlert::acknowledgedBy).map(this::acknowledger).orElse(null),
        alert.flatMap(CurrentAlert::acknowledgedAt).map(this::dateTime).orElse(null),
        alert.flatMap(CurrentAlert::acknowledgementComment).orElse(null),
        alert.flatMap(CurrentAlert::silencedUntil).map(this::dateTime).orElse(null),
        judgedPeriod, judgedValue, judgedResult,
        facts.getBoolean("catalogOwner", false));
  }

  private static String headline(Standing standing, NotificationKind kind) {
    return switch (standing) {
      case CRITICAL, WARNING -> switch (kind) {
        case REMINDER -> "Påminnelse, " + standing.one;
        case ESCALATION -> "Eskalerat, " + standing.one;
        default -> capitalized(standing.one);
      };
      case MISSING_REPORT -> kind == NotificationKind.REMINDER ? "Påminnelse, rapportering saknas"
          : "Rapportering saknas";
      case TARGET_MISSING -> "Målvärde saknas för perioden";
      case SILENCED -> "Tystat";
      case ACKNOWLEDGED -> "Kvitterat";
      case REVISED -> "Rättat värde, larmet har upphört";
      case RETARGETED -> "Ändrat målvärde, larmet har upphört";
      case MET_AGAIN -> "Åter uppfyllt";
      case REPORTED -> "Rapporterat";
      case CLOSED -> "Avslutat";
    };
  }

  /** Verdict first, number early, the unit's short name last; a grouped subject names the worst and the count. */
  private String subject(List<Line> ordered, boolean digest) {
    Set<String> units = new LinkedHashSet<>();
    ordered.forEach(line -> units.add(catalog.organisation().unit(line.row().orgUnit()).map(OrgUnit::shortName)
        .orElse(line.row().orgUnit())));
    String unitPart = units.size() == 1 ? units.iterator().next()
        : units.iterator().next() + " m.fl.";
    if (ordered.size() == 1 && !digest) {
      Line line = ordered.get(0);
      Standing standing = standing(line);
      Optional<Indicator> indicator = catalog.indicator(line.indicatorId());
      String name = indicator.map(Indicator::shortName)
          .orElse(line.row().facts().getString("indicatorName", line.indicatorId()));
      String verdict = switch (standing) {
        case TARGET_MISSING -> "Målvärde saknas";
        case REVISED -> "Rättat värde";
        case RETARGETED -> "Ändrat målvärde";
        default -> headline(standing, line.row().kind());
      };
      return SubjectLine.of(verdict, name, detail(line, standing, indicator), unitPart);
    }
    Standing worst = standing(ordered.get(0));
    long worstCount = ordered.stream().filter(l -> standing(l) == worst).count();
    String counts = ordered.size() + " larm, " + worstCount + " " + (worstCount == 1 ? worst.one : worst.many);
    return SubjectLine.grouped(digest ? "Sammanfattning: " : "", counts, unitPart);
  }

  private String detail(Line line, Standing standing, Optional<Indicator> indicator) {
    Optional<MeasurementUnit> unit = indicator.map(Indicator::unit);
    if (standing == Standing.MISSING_REPORT || standing == Standing.REPORTED || standing == Standing.TARGET_MISSING) {
      return line.period() == null ? "" : periodLabel(indicator, line.period());
    }
    OptionalDouble value = line.value();
    if (value.isEmpty()) {
      return "";
    }
    String number = brief(value.getAsDouble(), unit);
    if (standing == Standing.RETARGETED) {
      return number;
    }
    Optional<Target> target = indicator.flatMap(i -> period(indicator, line.period())
        .flatMap(p -> catalog.targetFor(i, line.row().orgUnit(), genderOf(line.gender()), p))).map(TargetRule::target);
    return number + target.map(t -> " (mål " + TargetProse.brief(t) + ")").orElse("");
  }

  private static String brief(double value, Optional<MeasurementUnit> unit) {
    String number = SwedishNumbers.format(value);
    if (unit.isEmpty()) {
      return number;
    }
    return switch (unit.get()) {
      case DAGAR -> number + " d";
      case PROCENT -> number + " %";
      case RANG -> "plats " + number;
      case INDEX -> number;
      default -> number + " " + unit.get().symbol();
    };
  }

  private Optional<Result> result(Line line) {
    String code = line.row().kind() == NotificationKind.TARGET_MISSING ? line.row().facts().getString("result")
        : line.alert().map(CurrentAlert::result).orElse(line.row().facts().getString("result"));
    return Result.fromCode(code);
  }

  private static Optional<String> trend(Optional<Indicator> indicator, Optional<Target> target, OptionalDouble value,
      Optional<TrendBase> base) {
    if (indicator.isEmpty() || value.isEmpty() || base.isEmpty()) {
      return Optional.empty();
    }
    return TargetEvaluator.evaluate(indicator.get(), target, value.getAsDouble(),
            OptionalDouble.of(base.get().value())).trend()
        .map(t -> t.swedish() + " " + Trend.arrow(value.getAsDouble(), base.get().value()));
  }

  private static String basis(Optional<Indicator> indicator, TrendBase base) {
    String label = periodLabel(indicator, base.period());
    return base.yearEarlier() ? "jämfört med samma period ett år tidigare (" + label + "), eftersom perioden före "
        + "saknas" : "jämfört med perioden före (" + label + ")";
  }

  private static String changedText(long changed, int count) {
    String many = changed == count ? (count == 2 ? "båda" : "alla") : changed == 1 ? "ett av dem"
        : number(changed) + " av dem";
    return many;
  }

  private static String number(long n) {
    String[] words = {"noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"};
    return n < words.length ? words[(int) n] : Long.toString(n);
  }

  /** "link:&lt;email&gt;" as that person's role and address; "admin:&lt;key&gt;" as an administrator. */
  private String acknowledger(String actor) {
    if (actor.startsWith("link:")) {
      String email = actor.substring("link:".length());
      Optional<String> role = catalog.organisation().units().stream()
          .flatMap(u -> java.util.stream.Stream.concat(u.managers().stream(), u.dataOwner().stream()))
          .filter(m -> m.email().equalsIgnoreCase(email)).map(Manager::role).findFirst();
      return role.map(r -> lowerCaseTitle(r) + " (" + email + ")").orElse(email);
    }
    if (actor.startsWith("admin:")) {
      return "en administratör (" + actor.substring("admin:".length()) + ")";
    }
    return actor;
  }

  private List<MailView.HistoryRow> historyRows(List<HistoryPoint> points, Optional<Indicator> indicator,
      Optional<MeasurementUnit> unit, String currentPeriod) {
    double largest = points.stream().mapToDouble(p -> Math.abs(p.value())).max().orElse(0);
    List<MailView.HistoryRow> rows = new ArrayList<>();
    for (HistoryPoint point : points) {
      int bar = largest == 0 ? 0 : (int) Math.round(100 * Math.abs(point.value()) / largest);
      rows.add(new MailView.HistoryRow(periodLabel(indicator, point.period()), withUnit(point.value(), unit),
          Result.fromCode(point.result()).map(Result::swedish).orElse(""), bar, point.period().equals(currentPeriod)));
    }
    return rows;
  }

  /** The kommun is the unit's in the catalog: the dashboard shows one kommun at a time and would otherwise pick one. */
  private String grafanaUrl(String indicatorId, String orgUnit, String gender) {
    String kommun = catalog.kommunOf(orgUnit).map(k -> "var-kommun=" + query(k.code()) + "&").orElse("");
    return grafanaBaseUrl + "/d/" + DASHBOARD_UID + "/" + DASHBOARD_UID + "?" + kommun + "var-indikator="
        + query(indicatorId) + "&var-enhet=" + query(orgUnit) + "&var-kon=" + query(gender);
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static Optional<Period> period(Optional<Indicator> indicator, String notation) {
    if (indicator.isEmpty() || notation == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Period.parse(indicator.get().periodType(), notation));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String periodLabel(Optional<Indicator> indicator, String notation) {
    return period(indicator, notation).map(Period::swedishLabel).orElse(notation);
  }

  private static String withUnit(double value, Optional<MeasurementUnit> unit) {
    String number = SwedishNumbers.format(value);
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

  /**
   * A role title inside a sentence: "som enhetschef daglig verksamhet". A leading abbreviation ("HSL-chef", "IT")
   * keeps its capitals.
   */
  static String lowerCaseTitle(String role) {
    if (role == null || role.isEmpty()) {
      return role;
    }
    String firstWord = role.split("[ -]", 2)[0];
    if (firstWord.length() > 1 && firstWord.equals(firstWord.toUpperCase(Locale.ROOT))) {
      return role;
    }
    return role.substring(0, 1).toLowerCase(Locale.ROOT) + role.substring(1);
  }

  static String capitalized(String text) {
    return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
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

  private String dateTime(Instant instant) {
    return SwedishText.dateTime(instant, zone);
  }

  private String instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return dateTime(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Gender genderOf(String code) {
    return Gender.fromCode(code).orElse(Gender.T);
  }
}
