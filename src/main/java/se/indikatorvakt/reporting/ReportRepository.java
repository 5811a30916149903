package se.indikatorvakt.reporting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.assessment.AssessmentRepository;
import se.indikatorvakt.assessment.RecordedAssessment;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Manager;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.evaluation.GoalRollup;
import se.indikatorvakt.evaluation.GoalVerdict;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.text.Codes;

/**
 * Assembles a {@link ReportData} from the database and the catalog in five queries (values, then trends, analyses,
 * bedömningar and open alerts side by side), whatever the number of indicators. Non-blocking: runs on the event loop
 * that asked.
 */
public final class ReportRepository {
  /** The provisions under which a nämnd reports ej verkställda beslut to IVO every quarter. */
  private static final List<String> IVO_PROVISIONS = List.of("SoL 16 kap. 6 f §", "LSS 28 f §");

  private final AnalysisRepository analyses;
  private final AssessmentRepository assessments;
  private final AnalysisLinks links;
  private final int trendPeriods;

  public ReportRepository(AnalysisRepository analyses, AssessmentRepository assessments, AnalysisLinks links,
      int trendPeriods) {
    this.analyses = analyses;
    this.assessments = assessments;
    this.links = links;
    this.trendPeriods = trendPeriods;
  }

  /** What one report is about; the caller has checked that the unit is the kommun's and the period type its own. */
  public record Request(ReportKommun kommun, OrgUnit unit, Period period, Instant now, ZoneId zone) {}

  private record Value(double value, Result result, String source, Optional<String> reference, Instant updatedAt) {}

  private record Key(String indicator, String unit, String period) {}

  public Future<ReportData> load(SqlClient db, Catalog catalog, Request request) {
    List<String> units = unitsBelow(catalog, request.unit().id());
    List<Indicator> indicators = catalog.indicators().stream()
        .filter(request.kommun()::owns).filter(i -> !i.goals().isEmpty()).toList();
    Map<String, Period> periodOf = new LinkedHashMap<>();
    indicators.forEach(i -> periodOf.put(i.id(), periodFor(i.periodType(), request.period())));
    Period quarter = periodFor(PeriodType.QUARTER, request.period());
    List<Indicator> ivoIndicators = catalog.indicators().stream().filter(request.kommun()::owns)
        .filter(i -> i.periodType() == PeriodType.QUARTER)
        .filter(i -> i.legalBasis().filter(basis -> IVO_PROVISIONS.stream().anyMatch(basis::contains)).isPresent())
        .toList();
    List<String> askedIndicators = new ArrayList<>();
    List<String> askedPeriods = new ArrayList<>();
    periodOf.forEach((id, period) -> {
      askedIndicators.add(id);
      askedPeriods.add(period.notation());
    });
    ivoIndicators.forEach(i -> {
      askedIndicators.add(i.id());
      askedPeriods.add(quarter.notation());
    });
    Map<Key, Value> values = new HashMap<>();
    return db.preparedQuery(ReportStatements.VALUES_OF_PERIODS)
        .execute(Tuple.tuple().addArrayOfString(askedIndicators.toArray(String[]::new))
            .addArrayOfString(askedPeriods.toArray(String[]::new)).addArrayOfString(units.toArray(String[]::new)))
        .compose(rows -> {
          rows.forEach(row -> values.put(new Key(row.getString("indicator_id"), row.getString("org_unit_id"),
              row.getString("period")), value(row)));
          List<Key> shown = rowKeys(catalog, indicators, periodOf, units, request.unit().id(), values);
          Future<Map<Key, List<ReportData.TrendPoint>>> trends = trends(db, catalog, shown);
          Future<List<Analysis>> latest = analyses.latest(db, request.kommun().code(), shown.stream()
              .map(k -> new AnalysisLinks.Subject(request.kommun().code(), k.indicator(), k.unit(), k.period()))
              .toList());
          Future<List<RecordedAssessment>> assessed = assessments.standing(db, assessmentKeys(request, shown));
          Future<List<ReportData.OpenAlert>> alerts = openAlerts(db, catalog, units, request);
          return Future.all(trends, latest, assessed, alerts)
              .map(all -> assemble(catalog, request, shown, values, trends.result(), latest.result(),
                  assessed.result(), alerts.result(), quarter, ivoIndicators, units));
        });
  }

  /** The bedömning each indicator row may have, and each of the kommun's goals at the report's unit and period. */
  private static List<AssessmentRepository.Key> assessmentKeys(Request request, List<Key> shown) {
    String kommun = request.kommun().code();
    List<AssessmentRepository.Key> keys = new ArrayList<>();
    shown.forEach(k -> keys.add(new AssessmentRepository.Key(kommun,
        new Assessment.IndicatorSubject(k.indicator(), k.unit()), k.period())));
    request.kommun().goals().forEach(goal -> keys.add(new AssessmentRepository.Key(kommun,
        new Assessment.GoalSubject(goal.id(), request.unit().id()), request.period().notation())));
    return keys;
  }

  /**
   * The period of an indicator's own type that a report on {@code report} shows: the report's own period for the
   * same type, otherwise the last one that ends within it (a tertial report shows the last whole year and quarter).
   */
  static Period periodFor(PeriodType type, Period report) {
    if (type == report.type()) {
      return report;
    }
    Period candidate = Period.containing(type, report.end());
    return candidate.end().isAfter(report.end()) ? candidate.previous() : candidate;
  }

  /** The unit and every unit below it, in organisation order. */
  static List<String> unitsBelow(Catalog catalog, String unitId) {
    return catalog.organisation().units().stream()
        .filter(u -> catalog.organisation().chainUpwards(u.id()).stream().anyMatch(c -> c.id().equals(unitId)))
        .map(OrgUnit::id)
        .toList();
  }

  /**
   * Every unit that reported the indicator's period; an indicator with a målvärde that nobody reported still gets a
   * row at the report's unit, so that the gap shows.
   */
  private static List<Key> rowKeys(Catalog catalog, List<Indicator> indicators, Map<String, Period> periodOf,
      List<String> units, String reportUnit, Map<Key, Value> values) {
    List<Key> keys = new ArrayList<>();
    for (Indicator indicator : indicators) {
      Period period = periodOf.get(indicator.id());
      List<Key> reported = units.stream().map(u -> new Key(indicator.id(), u, period.notation()))
          .filter(values::containsKey).toList();
      if (!reported.isEmpty()) {
        keys.addAll(reported);
      } else if (catalog.targetFor(indicator, reportUnit, Gender.T, period).isPresent()) {
        keys.add(new Key(indicator.id(), reportUnit, period.notation()));
      }
    }
    return keys;
  }

  private Future<Map<Key, List<ReportData.TrendPoint>>> trends(SqlClient db, Catalog catalog, List<Key> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    LocalDate[] until = keys.stream()
        .map(k -> Period.parse(catalog.indicator(k.indicator()).orElseThrow().periodType(), k.period()).end())
        .toArray(LocalDate[]::new);
    return db.preparedQuery(ReportStatements.TRENDS)
        .execute(Tuple.tuple().addArrayOfString(keys.stream().map(Key::indicator).toArray(String[]::new))
            .addArrayOfString(keys.stream().map(Key::unit).toArray(String[]::new)).addArrayOfLocalDate(until)
            .addInteger(trendPeriods))
        .map(rows -> {
          Map<Key, List<ReportData.TrendPoint>> trends = new HashMap<>();
          for (Row row : rows) {
            Key key = keys.get((int) (row.getLong("n") - 1));
            PeriodType type = catalog.indicator(key.indicator()).orElseThrow().periodType();
            trends.computeIfAbsent(key, k -> new ArrayList<>()).add(0, new ReportData.TrendPoint(
                Period.parse(type, row.getString("period")), row.getDouble("value"),
                Codes.require(Result.class, row.getString("result"))));
          }
          return trends;
        });
  }

  private Future<List<ReportData.OpenAlert>> openAlerts(SqlClient db, Catalog catalog, List<String> units,
      Request request) {
    String[] indicators = catalog.indicators().stream().filter(request.kommun()::owns).map(Indicator::id)
        .toArray(String[]::new);
    return db.preparedQuery(ReportStatements.OPEN_ALERTS)
        .execute(Tuple.tuple().addArrayOfString(units.toArray(String[]::new)).addArrayOfString(indicators))
        .map(rows -> {
          List<ReportData.OpenAlert> alerts = new ArrayList<>();
          for (Row row : rows) {
            String indicator = row.getString("indicator_id");
            String unit = row.getString("org_unit_id");
            alerts.add(new ReportData.OpenAlert(
                catalog.indicator(indicator).map(Indicator::name).orElse(indicator),
                catalog.organisation().unit(unit).map(OrgUnit::name).orElse(unit),
                periodLabel(catalog, indicator, row.getString("period")),
                Codes.require(Severity.class, row.getString("severity")), Optional.ofNullable(row.getDouble("value")),
                Optional.ofNullable(row.getString("target_text")), row.getOffsetDateTime("opened_at").toInstant(),
                Optional.ofNullable(row.getOffsetDateTime("acknowledged_at")).map(t -> t.toInstant()),
                Optional.ofNullable(row.getString("acknowledgement_comment")).filter(c -> !c.isBlank())));
          }
          return alerts;
        });
  }

  private ReportData assemble(Catalog catalog, Request request, List<Key> shown, Map<Key, Value> values,
      Map<Key, List<ReportData.TrendPoint>> trends, List<Analysis> latest, List<RecordedAssessment> assessed,
      List<ReportData.OpenAlert> alerts, Period quarter, List<Indicator> ivoIndicators, List<String> units) {
    Map<Key, Analysis> analysisOf = new HashMap<>();
    latest.forEach(a -> analysisOf.put(new Key(a.indicator(), a.orgUnit(), a.period()), a));
    Map<Key, Assessment> ofIndicator = new HashMap<>();
    Map<String, Assessment> ofGoal = new HashMap<>();
    for (RecordedAssessment recorded : assessed) {
      Assessment a = recorded.assessment();
      if (a.subject() instanceof Assessment.IndicatorSubject subject) {
        ofIndicator.put(new Key(subject.indicatorId(), subject.orgUnit(), a.period()), a);
      } else {
        ofGoal.put(a.subject().id(), a);
      }
    }
    LocalDate today = LocalDate.ofInstant(request.now(), request.zone());
    Map<String, List<ReportData.IndicatorRow>> rowsOf = new HashMap<>();
    for (Key key : shown) {
      Indicator indicator = catalog.indicator(key.indicator()).orElseThrow();
      rowsOf.computeIfAbsent(key.indicator(), id -> new ArrayList<>())
          .add(row(catalog, request, today, indicator, key, Optional.ofNullable(values.get(key)),
              trends.getOrDefault(key, List.of()), Optional.ofNullable(analysisOf.get(key)),
              Optional.ofNullable(ofIndicator.get(key))));
    }
    List<ReportData.GoalSection> goals = new ArrayList<>();
    for (Goal goal : request.kommun().goals()) {
      List<ReportData.IndicatorRow> rows = catalog.indicators().stream()
          .filter(i -> i.goals().contains(goal.id()))
          .flatMap(i -> rowsOf.getOrDefault(i.id(), List.of()).stream())
          .toList();
      GoalVerdict verdict = GoalRollup.verdict(goal.rollup().toRule(),
          rows.stream().map(ReportData.IndicatorRow::result).toList(), Optional.ofNullable(ofGoal.get(goal.id())));
      // a goal the nämnd judges by hand belongs in the report with or without values: its bedömning, or its absence
      if (!rows.isEmpty() || verdict.byJudgement() || verdict.assessment().isPresent()) {
        goals.add(new ReportData.GoalSection(goal.id(), goal.name(), goal.description(), verdict, rows));
      }
    }
    List<ReportData.IvoRow> ivo = new ArrayList<>();
    for (Indicator indicator : ivoIndicators) {
      for (String unit : units) {
        Value value = values.get(new Key(indicator.id(), unit, quarter.notation()));
        if (value != null) {
          ivo.add(new ReportData.IvoRow(indicator.name(), unitName(catalog, unit), indicator.legalBasis(),
              OptionalDouble.of(value.value()), catalog.targetFor(indicator, unit, Gender.T, quarter)
                  .map(rule -> TargetWords.of(rule.target())), value.result()));
        }
      }
    }
    ReportKommun kommun = request.kommun();
    return new ReportData(new ReportData.Kommun(kommun.code(), kommun.name(), kommun.board(), kommun.administration()),
        new ReportData.Unit(request.unit().id(), request.unit().name(),
            request.unit().id().equals(kommun.rootUnit())), request.period(),
        !today.isAfter(request.period().end()), request.now(), goals, alerts, Optional.of(quarter), ivo);
  }

  private ReportData.IndicatorRow row(Catalog catalog, Request request, LocalDate today, Indicator indicator, Key key,
      Optional<Value> value, List<ReportData.TrendPoint> trend, Optional<Analysis> analysis,
      Optional<Assessment> assessment) {
    Period period = Period.parse(indicator.periodType(), key.period());
    Optional<TargetRule> rule = catalog.targetFor(indicator, key.unit(), Gender.T, period);
    Optional<String> link = responsible(catalog, key.unit(), today).map(manager -> links.url(
        new AnalysisLinks.Subject(request.kommun().code(), key.indicator(), key.unit(), key.period()),
        manager.email()));
    return new ReportData.IndicatorRow(indicator.id(), indicator.name(), key.unit(), unitName(catalog, key.unit()),
        period, indicator.unit().symbol(),
        value.map(v -> OptionalDouble.of(v.value())).orElse(OptionalDouble.empty()),
        rule.map(r -> TargetWords.of(r.target())),
        rule.map(r -> r.target().referenceValue()).orElse(OptionalDouble.empty()),
        value.map(Value::result).orElse(Result.INGET_MAL), trend, analysis, assessment,
        value.map(Value::source), value.flatMap(Value::reference), value.map(Value::updatedAt), link);
  }

  /** The unit's own manager on the day, else the nearest one above: who answers for the analysis. */
  private static Optional<Manager> responsible(Catalog catalog, String unit, LocalDate day) {
    return catalog.organisation().chainUpwards(unit).stream()
        .map(u -> catalog.organisation().managerOf(u.id(), day))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static String periodLabel(Catalog catalog, String indicator, String period) {
    try {
      return catalog.indicator(indicator).map(i -> Period.parse(i.periodType(), period).swedishLabel()).orElse(period);
    } catch (IllegalArgumentException e) {
      return period;
    }
  }

  private static String unitName(Catalog catalog, String unit) {
    return catalog.organisation().unit(unit).map(OrgUnit::name).orElse(unit);
  }

  private static Value value(Row row) {
    return new Value(row.getDouble("value"), Codes.require(Result.class, row.getString("result")),
        row.getString("source"), Optional.ofNullable(row.getString("reference")).filter(r -> !r.isBlank()),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
