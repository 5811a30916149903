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
import se.indikatorvakt.alerting.AlertRepository;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.evaluation.GoalRollup;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.api.alerts.AlertJson;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;
import se.indikatorvakt.text.Codes;

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
    Catalog current = catalog.current();
    AlertsApi.Query query = new AlertsApi.Query(ctx);
    String[] indicators = query.indicator(current);
    String[] units = query.orgUnitWithSubunits(current);
    query.throwIfInvalid();
    ReadScope scope = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), current);
    repository.status(pool, scope.indicators(indicators), scope.orgUnits(units))
        .onSuccess(rows -> AlertsApi.json(ctx, 200, body(current, rows)))
        .onFailure(ctx::fail);
  }

  private JsonObject body(Catalog current, List<AlertRepository.SeriesStatus> rows) {
    JsonArray series = new JsonArray();
    Map<String, List<Result>> byIndicator = new LinkedHashMap<>();
    for (AlertRepository.SeriesStatus row : rows) {
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
      series.add(json);
      byIndicator.computeIfAbsent(row.indicatorId(), k -> new ArrayList<>()).add(row.result());
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
      goals.add(new JsonObject().put("id", goal.id()).put("name", goal.name()).put("result", rolled.code())
          .put("resultSwedish", rolled.swedish()).put("indicators", new JsonArray(members))
          .put("series", results.size()));
    }
    return new JsonObject().put("generatedAt", clock.instant().toString()).put("series", series)
        .put("goals", goals);
  }
}
