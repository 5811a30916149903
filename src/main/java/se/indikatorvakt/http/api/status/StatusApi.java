package se.indikatorvakt.http.api.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.indikatorvakt.alerting.AlertEngine;
import se.indikatorvakt.alerting.AlertRepository;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.evaluation.GoalRollup;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.api.alerts.AlertJson;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;

/**
 * GET /status: the current result of every series (its latest period's value and verdict, with its open alert) and
 * of every goal, rolled up over the latest results of the series of its indicators (GoalRollup: inget mål is
 * ignored; all uppfyllt = uppfyllt; none uppfyllt = ej uppfyllt; otherwise delvis uppfyllt).
 */
public final class StatusApi implements ApiModule {
  private final Pool pool;
  private final CatalogService catalog;
  private final AlertRepository repository;
  private final Authentication auth;
  private final Clock clock;

  public StatusApi(Pool pool, CatalogService catalog, AlertRepository repository, Authentication auth, Clock clock) {
    this.pool = pool;
    this.catalog = catalog;
    this.repository = repository;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public void mount(Router api) {
    api.get("/status").handler(auth.source()).handler(this::status);
  }

  private void status(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Optional<String> kommun = Optional.ofNullable(ctx.request().getParam("kommun")).filter(k -> !k.isBlank());
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
    String[] readable = scope.indicators(indicators);
    String[] readableUnits = scope.orgUnits(units);
    KommunScope.statement(pool, scope.kommuner(), conn -> repository.status(conn, readable, readableUnits))
        .onSuccess(rows -> AlertsApi.json(ctx, 200, body(current, rows)))
        .onFailure(ctx::fail);
  }

  /** The key as far as one of its kommuner goes. */
  private static Caller narrowed(Caller caller, String kommun) {
    return new Caller(caller.name(), caller.source(), caller.admin(), Set.of(kommun), caller.indicators(),
        caller.orgUnits());
  }

  private JsonObject body(Catalog current, List<AlertRepository.SeriesStatus> rows) {
    JsonArray series = new JsonArray();
    Map<String, List<Result>> byIndicator = new LinkedHashMap<>();
    for (AlertRepository.SeriesStatus row : rows) {
      JsonObject json = new JsonObject()
          .put("indicator", row.indicatorId())
          .put("indicatorName", current.indicator(row.indicatorId()).map(Indicator::name).orElse(row.indicatorId()))
          .put("orgUnit", row.orgUnitId())
          .put("gender", row.gender())
          .put("period", row.period())
          .put("value", row.value())
          .put("result", row.result())
          .put("target", row.targetText())
          .put("targetValue", row.targetValue())
          .put("warningValue", row.warningValue())
          .put("distance", row.distance())
          .put("trend", row.trend())
          .put("updatedAt", AlertJson.text(row.updatedAt()));
      json.put("alert", row.alertId() == null ? null : new JsonObject().put("id", row.alertId())
          .put("state", row.alertState()).put("severity", row.alertSeverity()));
      series.add(json);
      AlertEngine.result(row.result()).ifPresent(result ->
          byIndicator.computeIfAbsent(row.indicatorId(), k -> new ArrayList<>()).add(result));
    }
    JsonArray goals = new JsonArray();
    for (Goal goal : current.goals()) {
      List<Result> results = new ArrayList<>();
      List<String> members = new ArrayList<>();
      for (Indicator indicator : current.indicators()) {
        if (indicator.goals().contains(goal.id())) {
          members.add(indicator.id());
          results.addAll(Optional.ofNullable(byIndicator.get(indicator.id())).orElse(List.of()));
        }
      }
      Result rolled = GoalRollup.rollUp(results);
      goals.add(new JsonObject().put("id", goal.id()).put("name", goal.name()).put("result", rolled.label())
          .put("resultSwedish", rolled.swedish()).put("indicators", new JsonArray(members))
          .put("series", results.size()));
    }
    return new JsonObject().put("generatedAt", clock.instant().toString()).put("series", series)
        .put("goals", goals);
  }
}
