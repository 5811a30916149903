package se.indikatorvakt.http.api.status;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.alerting.AlertRepository;
import se.indikatorvakt.assessment.AssessmentRepository;
import se.indikatorvakt.assessment.RecordedAssessment;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.MissingTargets;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.evaluation.GoalRollup;
import se.indikatorvakt.evaluation.GoalVerdict;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.api.assessments.AssessmentJson;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.api.alerts.AlertJson;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;
import se.indikatorvakt.text.Codes;

/**
 * GET /status (of the kommuner the key holds; of one with {@code kommun}, or with {@code orgUnit} of that unit's kommun):
 * the current result of every series (its latest period's value and verdict, with its open alert) and
 * of every goal of each kommun, rolled up by the goal's own rule over the latest results of the series of its
 * indicators in that kommun (GoalRollup). A recorded bedömning stands beside: as {@code assessment} of a series (kön T,
 * for its unit and period) and of a goal (its latest period, for the whole nämnd); only a goal whose rule is judgement
 * takes its result from it, and shows "bedömning saknas" without one. Per kommun, the målvärden that lapsed at the turn
 * of the year ({@link MissingTargets}), so that a value judged "inget mål" because nobody entered this year's target
 * is not silent.
 */
public final class StatusApi implements ApiModule {
  /** The state of a series whose målvärde lapsed, beside the verdicts (met, partly-met, not-met, no-target). */
  static final String TARGET_MISSING = "target-missing";
  static final String TARGET_MISSING_SWEDISH = "målvärde saknas";

  private final Pool pool;
  private final CatalogService catalog;
  private final AlertRepository repository;
  private final AssessmentRepository assessments;
  private final Authentication auth;
  private final Clock clock;
  private final ZoneId zone;
  private final MissingTargets.Cache missing;

  /**
   * @param zone the kommuner's local time zone: the year a day belongs to
   * @param missing the lapsed målvärden of the catalog in force, shared with the gauge that counts them
   */
  public StatusApi(Pool pool, CatalogService catalog, AlertRepository repository, AssessmentRepository assessments,
      Authentication auth, Clock clock, ZoneId zone, MissingTargets.Cache missing) {
    this.pool = pool;
    this.catalog = catalog;
    this.repository = repository;
    this.assessments = assessments;
    this.auth = auth;
    this.clock = clock;
    this.zone = zone;
    this.missing = missing;
  }

  @Override
  public void mount(Router api) {
    api.get("/status").handler(auth.source()).handler(this::status);
  }

  private void status(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Optional<String> kommun = Optional.ofNullable(ctx.request().getParam("kommun")).filter(k -> !k.isBlank())
        .or(() -> kommunOfUnit(caller, ctx.request().getParam("orgUnit")));
    if (kommun.isPresent() && !caller.holds(kommun.get())) {
      throw new ProblemException(new Problem(404, ProblemType.NOT_FOUND, "There is no kommun " + kommun.get()
          + " in this installation for this key.", List.of(new Problem.FieldError("/query/kommun",
              "unknown kommun"))));
    }
    ReadScope scope = ReadScope.of(kommun.map(k -> narrowed(caller, k)).orElse(caller), catalog.current());
    Catalog current = scope.catalog();
    AlertsApi.Query query = new AlertsApi.Query(ctx);
    String[] indicators = query.indicator(current);
    String[] units = query.orgUnitWithSubunits(current);
    query.throwIfInvalid();
    String[] readableIndicators = scope.indicators(indicators);
    String[] readableUnits = scope.orgUnits(units);
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    Future<List<AlertRepository.SeriesStatus>> rows = KommunScope.statement(pool, scope.kommuner(),
        conn -> repository.status(conn, readableIndicators, readableUnits));
    Future<List<RecordedAssessment>> ofSeries = rows.compose(found -> KommunScope.statement(pool, scope.kommuner(),
        conn -> assessments.standing(conn, seriesKeys(current, found))));
    List<String> goalKommuner = new ArrayList<>();
    List<Assessment.GoalSubject> goalSubjects = new ArrayList<>();
    for (Kommun held : current.kommuner()) {
      for (Goal goal : held.goals()) {
        goalKommuner.add(held.code());
        goalSubjects.add(new Assessment.GoalSubject(goal.id(), held.rootUnit()));
      }
    }
    Future<List<RecordedAssessment>> ofGoals = KommunScope.statement(pool, scope.kommuner(),
        conn -> assessments.latestOfGoals(conn, goalKommuner, goalSubjects));
    Catalog installation = catalog.current();
    Future<Map<String, List<MissingTargets.Missing>>> lapsed = ctx.vertx()
        .executeBlocking(() -> missing.of(installation, today), false);
    Future.all(rows, ofSeries, ofGoals, lapsed)
        .onSuccess(all -> AlertsApi.json(ctx, 200, body(current, rows.result(), ofSeries.result(), ofGoals.result())
            .put("targetsMissing", targetsMissing(current, lapsed.result(), readableIndicators, readableUnits))))
        .onFailure(ctx::fail);
  }

  /**
   * A unit belongs to one kommun, so the status of a unit is read within its kommun: its goals, lapsed målvärden and
   * units, not those of every kommun the key holds, and it costs what that kommun has, however many kommuner the
   * installation serves. A unit the key's kommuner do not have is left to the checks of the whole scope.
   */
  private Optional<String> kommunOfUnit(Caller caller, String orgUnit) {
    if (orgUnit == null || orgUnit.isBlank()) {
      return Optional.empty();
    }
    return catalog.current().kommunOf(orgUnit).map(Kommun::code).filter(caller::holds);
  }

  /** The key as far as one of its kommuner goes. */
  private static Caller narrowed(Caller caller, String kommun) {
    return new Caller(caller.name(), caller.source(), caller.admin(), Set.of(kommun), caller.indicators(),
        caller.orgUnits());
  }

  /**
   * Per kommun the key may read, its lapsed målvärden within the key's scope and the request's filters: indicator,
   * unit, kön and the last period that had a målvärde, with the Swedish words.
   */
  private static JsonArray targetsMissing(Catalog current, Map<String, List<MissingTargets.Missing>> lapsed,
      String[] indicators, String[] units) {
    Set<String> indicatorIds = indicators == null ? null : Set.of(indicators);
    Set<String> unitIds = units == null ? null : Set.copyOf(Arrays.asList(units));
    JsonArray kommuner = new JsonArray();
    for (Kommun kommun : current.kommuner()) {
      if (unitIds != null && kommun.organisation().units().stream().map(OrgUnit::id).noneMatch(unitIds::contains)) {
        continue;
      }
      JsonArray items = new JsonArray();
      for (MissingTargets.Missing m : lapsed.getOrDefault(kommun.code(), List.of())) {
        if ((indicatorIds == null || indicatorIds.contains(m.indicator().id()))
            && (unitIds == null || unitIds.contains(m.orgUnit()))) {
          items.add(item(kommun, m));
        }
      }
      kommuner.add(new JsonObject().put("kommun", kommun.code()).put("kommunName", kommun.name())
          .put("count", items.size()).put("items", items));
    }
    return kommuner;
  }

  private static JsonObject item(Kommun kommun, MissingTargets.Missing m) {
    List<String> targets = m.lastTargets().stream().map(TargetRule::target).map(Target::describeSwedish).toList();
    return new JsonObject()
        .put("indicator", m.indicator().id())
        .put("indicatorName", m.indicator().name())
        .put("orgUnit", m.orgUnit())
        .put("orgUnitName", kommun.organisation().unit(m.orgUnit()).map(OrgUnit::name).orElse(m.orgUnit()))
        .put("gender", m.gender().code())
        .put("lastPeriod", m.lastPeriod().notation())
        .put("lastPeriodSwedish", m.lastPeriod().swedishLabel())
        .put("lastTarget", String.join(" och ", targets))
        .put("result", TARGET_MISSING)
        .put("resultSwedish", TARGET_MISSING_SWEDISH);
  }

  /** The bedömning a series may have: for its unit and period, beside the total (kön T). */
  private static List<AssessmentRepository.Key> seriesKeys(Catalog current, List<AlertRepository.SeriesStatus> rows) {
    List<AssessmentRepository.Key> keys = new ArrayList<>();
    for (AlertRepository.SeriesStatus row : rows) {
      if (row.gender() == Gender.T) {
        current.kommunOf(row.orgUnitId()).ifPresent(kommun -> keys.add(new AssessmentRepository.Key(kommun.code(),
            new Assessment.IndicatorSubject(row.indicatorId(), row.orgUnitId()), row.period())));
      }
    }
    return keys;
  }

  private JsonObject body(Catalog current, List<AlertRepository.SeriesStatus> rows,
      List<RecordedAssessment> ofSeries, List<RecordedAssessment> ofGoals) {
    Map<String, RecordedAssessment> seriesAssessment = new HashMap<>();
    ofSeries.forEach(a -> seriesAssessment.put(a.kommun() + "\n" + subjectKey(a.assessment().subject()) + "\n"
        + a.assessment().period(), a));
    JsonArray series = new JsonArray();
    Map<String, List<Result>> byIndicator = new LinkedHashMap<>();
    for (AlertRepository.SeriesStatus row : rows) {
      Optional<Kommun> kommun = current.kommunOf(row.orgUnitId());
      JsonObject json = new JsonObject()
          .put("indicator", row.indicatorId())
          .put("indicatorName", current.indicator(row.indicatorId()).map(Indicator::name).orElse(row.indicatorId()))
          .put("orgUnit", row.orgUnitId())
          .put("gender", row.gender().code())
          .put("period", row.period())
          .put("value", row.value())
          .put("result", row.result().code())
          .put("target", row.targetText())
          .put("targetValue", row.targetValue())
          .put("warningValue", row.warningValue())
          .put("distance", row.distance())
          .put("trend", Codes.codeOrNull(row.trend()))
          .put("updatedAt", AlertJson.text(row.updatedAt()));
      json.put("alert", row.alertId() == null ? null : new JsonObject().put("id", row.alertId())
          .put("state", row.alertState().code()).put("severity", row.alertSeverity().code()));
      RecordedAssessment assessed = kommun.map(k -> seriesAssessment.get(k.code() + "\n"
          + subjectKey(new Assessment.IndicatorSubject(row.indicatorId(), row.orgUnitId())) + "\n" + row.period()))
          .filter(a -> row.gender() == Gender.T).orElse(null);
      json.put("assessment", assessed == null ? null : AssessmentJson.summary(assessed));
      series.add(json);
      kommun.ifPresent(k -> byIndicator.computeIfAbsent(k.code() + "\n" + row.indicatorId(), id -> new ArrayList<>())
          .add(row.result()));
    }
    Map<String, RecordedAssessment> goalAssessment = new HashMap<>();
    ofGoals.forEach(a -> goalAssessment.put(a.kommun() + "\n" + subjectKey(a.assessment().subject()), a));
    JsonArray goals = new JsonArray();
    for (Kommun kommun : current.kommuner()) {
      for (Goal goal : kommun.goals()) {
        List<Result> results = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (Indicator indicator : kommun.indicators()) {
          if (indicator.goals().contains(goal.id())) {
            members.add(indicator.id());
            results.addAll(byIndicator.getOrDefault(kommun.code() + "\n" + indicator.id(), List.of()));
          }
        }
        Optional<RecordedAssessment> assessed = Optional.ofNullable(goalAssessment.get(kommun.code() + "\n"
            + subjectKey(new Assessment.GoalSubject(goal.id(), kommun.rootUnit()))));
        GoalVerdict verdict = GoalRollup.verdict(goal.rollup().toRule(), results,
            assessed.map(RecordedAssessment::assessment));
        goals.add(new JsonObject().put("id", goal.id()).put("name", goal.name()).put("kommun", kommun.code())
            .put("rule", goal.rollup().rule().code()).put("result", verdict.code())
            .put("resultSwedish", verdict.swedish()).put("indicators", new JsonArray(members))
            .put("series", results.size())
            .put("assessment", assessed.map(AssessmentJson::summary).orElse(null)));
      }
    }
    return new JsonObject().put("generatedAt", clock.instant().toString()).put("series", series)
        .put("goals", goals);
  }

  private static String subjectKey(Assessment.Subject subject) {
    return subject.kind() + "\n" + subject.id() + "\n" + subject.orgUnit();
  }
}
