package se.indikatorvakt.http.api.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrdinalTarget;
import se.indikatorvakt.catalog.Organisation;
import se.indikatorvakt.catalog.PathTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;

/**
 * Read API of the catalog (indicators with their målvärden, goals, the organisation), and the
 * administrator's reload. Reads need a key like every other read; managers' email addresses are staff personal data
 * and go to administrator keys only.
 */
public final class CatalogApi implements ApiModule {
  private final CatalogService catalog;
  private final Authentication auth;

  public CatalogApi(CatalogService catalog, Authentication auth) {
    this.catalog = catalog;
    this.auth = auth;
  }

  @Override
  public void mount(Router api) {
    api.get("/indicators").handler(auth.source()).handler(ctx -> json(ctx, indicators()));
    api.get("/indicators/:id").handler(auth.source()).handler(this::indicator);
    api.get("/organisation").handler(auth.source())
        .handler(ctx -> json(ctx, organisation(ctx.<Caller>get(Caller.CONTEXT_KEY).admin())));
    api.post("/admin/catalog/reload").handler(auth.admin()).handler(this::reload);
  }

  private JsonObject indicators() {
    Catalog current = catalog.current();
    JsonArray items = new JsonArray();
    current.indicators().forEach(indicator -> items.add(summary(indicator)));
    JsonArray goals = new JsonArray();
    current.goals().forEach(goal -> goals.add(new JsonObject().put("id", goal.id()).put("name", goal.name())
        .put("description", goal.description())));
    return new JsonObject().put("count", items.size()).put("indicators", items).put("goals", goals);
  }

  private void indicator(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Indicator indicator = catalog.current().indicator(id).orElseThrow(() -> new ProblemException(Problem.of(404,
        "unknown-indicator", "Unknown indicator", "There is no indicator with that id in the catalog.")));
    JsonObject json = summary(indicator)
        .put("description", indicator.description())
        .put("provenance", indicator.provenance())
        .put("alerting", alerting(indicator.alerting()));
    JsonArray targets = new JsonArray();
    indicator.targets().forEach(rule -> targets.add(target(rule)));
    json(ctx, json.put("targets", targets));
  }

  private void reload(RoutingContext ctx) {
    catalog.reload()
        .onSuccess(c -> json(ctx, new JsonObject().put("reloaded", true).put("indicators", c.indicators().size())))
        .onFailure(error -> {
          if (error instanceof CatalogService.InvalidCatalogException invalid) {
            ctx.fail(new ProblemException(new Problem(422, "invalid-catalog", "Catalog not reloaded",
                "The files have problems; the running catalog stays in force.",
                invalid.problems().stream().map(p -> new Problem.FieldError(
                    "/" + p.file() + "/" + p.entry() + "/" + p.field(), p.message())).toList())));
          } else {
            ctx.fail(error);
          }
        });
  }

  private static JsonObject summary(Indicator indicator) {
    JsonObject json = new JsonObject()
        .put("id", indicator.id())
        .put("name", indicator.name())
        .put("unit", indicator.unit().code())
        .put("polarity", indicator.polarity().code())
        .put("periodType", indicator.periodType().code())
        .put("breakdowns", new JsonArray(indicator.breakdowns()))
        .put("source", indicator.source())
        .put("goals", new JsonArray(indicator.goals()))
        .put("targetCount", indicator.targets().size());
    indicator.koladaKpi().ifPresent(kpi -> json.put("koladaKpi", kpi));
    indicator.legalBasis().ifPresent(basis -> json.put("legalBasis", basis));
    return json;
  }

  private static JsonObject target(TargetRule rule) {
    Target target = rule.target();
    JsonObject json = new JsonObject()
        .put("from", rule.from())
        .put("kind", kind(target))
        .put("description", target.describeSwedish())
        .put("scope", rule.scope().code())
        .put("gender", rule.gender().name());
    rule.until().ifPresent(until -> json.put("until", until));
    rule.orgUnit().ifPresent(unit -> json.put("orgUnit", unit));
    number(json, "value", target.referenceValue());
    number(json, "warning", target.warningLine());
    return json;
  }

  private static String kind(Target target) {
    if (target instanceof ThresholdTarget) {
      return "threshold";
    } else if (target instanceof BandTarget) {
      return "band";
    } else if (target instanceof DirectionTarget) {
      return "direction";
    } else if (target instanceof PathTarget) {
      return "path";
    } else if (target instanceof OrdinalTarget) {
      return "ordinal";
    }
    return "rank";
  }

  private static JsonObject alerting(AlertingPolicy policy) {
    return new JsonObject()
        .put("breachPeriodsBeforeFiring", policy.breachPeriodsBeforeFiring())
        .put("breachDurationBeforeFiring", policy.breachDurationBeforeFiring().toString())
        .put("recoveryMargin", policy.recoveryMargin())
        .put("notifyWarnings", policy.notifyWarnings())
        .put("escalateAfter", policy.escalateAfter().toString())
        .put("reminderInterval", policy.reminderInterval().toString())
        .put("reportingGrace", policy.reportingGrace().toString());
  }

  private JsonObject organisation(boolean withAddresses) {
    Organisation organisation = catalog.current().organisation();
    JsonArray units = new JsonArray();
    organisation.units().forEach(unit -> {
      JsonObject json = new JsonObject()
          .put("id", unit.id())
          .put("name", unit.name())
          .put("level", unit.level().name().toLowerCase(java.util.Locale.ROOT))
          .put("parent", unit.parent().orElse(null))
          .put("validFrom", unit.validFrom().toString())
          .put("validTo", unit.validTo().map(Object::toString).orElse(null));
      JsonArray managers = new JsonArray();
      unit.managers().forEach(m -> managers.add(address(new JsonObject().put("role", m.role()), m.email(),
          withAddresses).put("validFrom", m.validFrom().toString())
          .put("validTo", m.validTo().map(Object::toString).orElse(null))));
      json.put("managers", managers);
      unit.dataOwner().ifPresent(owner -> json.put("dataOwner",
          address(new JsonObject().put("role", owner.role()), owner.email(), withAddresses)));
      units.add(json);
    });
    return new JsonObject().put("municipality", organisation.municipalityName()).put("units", units);
  }

  private static JsonObject address(JsonObject person, String email, boolean withAddresses) {
    return withAddresses ? person.put("email", email) : person;
  }

  private static void number(JsonObject json, String key, OptionalDouble value) {
    if (value.isPresent()) {
      json.put(key, value.getAsDouble());
    }
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
