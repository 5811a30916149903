package se.indikatorvakt.http.api.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.GoalRollup;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.IndicatorReader;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrdinalTarget;
import se.indikatorvakt.catalog.Organisation;
import se.indikatorvakt.catalog.PathTarget;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Source;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.catalogsync.CatalogSync;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;

/**
 * Read API of the catalog (indicators with every kommun's målvärden, goals, the organisation), and the
 * administrator's reload. Reads need a key like every other read; managers' email addresses are staff personal data
 * and go to administrator keys only.
 */
public final class CatalogApi implements ApiModule {
  private final CatalogService catalog;
  private final CatalogSync sync;
  private final Authentication auth;

  public CatalogApi(CatalogService catalog, CatalogSync sync, Authentication auth) {
    this.catalog = catalog;
    this.sync = sync;
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
    current.indicators().forEach(indicator -> items.add(summary(current, indicator)));
    JsonArray goals = new JsonArray();
    current.kommuner().forEach(kommun -> kommun.goals().forEach(goal -> {
      JsonObject json = new JsonObject().put("id", goal.id()).put("name", goal.name())
          .put("description", goal.description()).put("kommun", kommun.code())
          .put("rollup", rollup(goal.rollup()));
      goal.source().ifPresent(source -> json.put("source", source(source)));
      goals.add(json);
    }));
    return new JsonObject().put("catalogVersion", current.version()).put("count", items.size())
        .put("indicators", items).put("goals", goals);
  }

  private void indicator(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Catalog current = catalog.current();
    Indicator indicator = current.indicator(id).orElseThrow(() -> new ProblemException(Problem.of(404,
        ProblemType.UNKNOWN_INDICATOR, "There is no indicator with that id in the catalog.")));
    JsonObject json = summary(current, indicator)
        .put("description", indicator.description())
        .put("alerting", alerting(indicator.alerting()));
    JsonArray targets = new JsonArray();
    for (Kommun kommun : current.kommuner()) {
      kommun.indicator(id).ifPresent(own -> own.targets().forEach(rule -> targets.add(target(kommun, rule))));
    }
    json(ctx, json.put("catalogVersion", current.version()).put("targets", targets));
  }

  private void reload(RoutingContext ctx) {
    sync.reload()
        .onSuccess(registered -> {
          JsonObject changed = new JsonObject();
          registered.changed().forEach((kommun, ids) -> changed.put(kommun, new JsonArray(List.copyOf(ids))));
          json(ctx, new JsonObject().put("reloaded", true).put("catalogVersion", registered.version())
              .put("accepted", registered.accepted()).put("targetsChanged", changed)
              .put("indicators", catalog.current().indicators().size()));
        })
        .onFailure(error -> {
          if (error instanceof CatalogService.InvalidCatalogException invalid) {
            ctx.fail(new ProblemException(new Problem(422, ProblemType.INVALID_CATALOG,
                "The files have problems; the running catalog stays in force.",
                invalid.problems().stream().map(p -> new Problem.FieldError(
                    "/" + p.file() + "/" + p.entry() + "/" + p.field(), p.message())).toList())));
          } else {
            ctx.fail(error);
          }
        });
  }

  private static JsonObject summary(Catalog current, Indicator indicator) {
    JsonObject json = new JsonObject()
        .put("id", indicator.id())
        .put("name", indicator.name())
        .put("shortName", indicator.shortName())
        .put("unit", indicator.unit().code())
        .put("polarity", indicator.polarity().code())
        .put("periodType", indicator.periodType().code())
        .put("breakdowns", new JsonArray(indicator.breakdowns()))
        .put("system", indicator.system())
        .put("goals", new JsonArray(indicator.goals()))
        .put("kommuner", new JsonArray(current.kommuner().stream()
            .filter(kommun -> kommun.indicator(indicator.id()).isPresent()).map(Kommun::code).toList()))
        .put("targetCount", indicator.targets().size());
    indicator.source().ifPresent(source -> json.put("source", source(source)));
    indicator.koladaKpi().ifPresent(kpi -> json.put("koladaKpi", kpi));
    indicator.legalBasis().ifPresent(basis -> json.put("legalBasis", basis));
    indicator.validRange().ifPresent(range -> {
      JsonObject valid = new JsonObject();
      number(valid, "min", range.min());
      number(valid, "max", range.max());
      json.put("validRange", valid);
    });
    return json;
  }

  /** The målvärde as structured data beside its Swedish text, so a reader can check it against its source. */
  private static JsonObject target(Kommun kommun, TargetRule rule) {
    Target target = rule.target();
    JsonObject json = new JsonObject()
        .put("kommun", kommun.code())
        .put("orgUnit", kommun.unitOf(rule))
        .put("scope", rule.scope().code())
        .put("gender", rule.gender().code())
        .put("validity", new JsonObject().put("from", rule.from()).put("until", rule.until().orElse(null)))
        .put("kind", IndicatorReader.kind(target))
        .put("description", target.describeSwedish())
        .put("warningChosen", rule.warningChosen());
    structure(json, target);
    rule.decision().ifPresent(decision -> json.put("decision", new JsonObject()
        .put("body", decision.body())
        .put("date", decision.date().map(Object::toString).orElse(null))
        .put("paragraph", decision.paragraph().orElse(null))));
    rule.source().ifPresent(source -> json.put("source", source(source)));
    return json;
  }

  private static void structure(JsonObject json, Target target) {
    if (target instanceof ThresholdTarget threshold) {
      json.put("comparator", threshold.comparison().code()).put("value", threshold.value());
      number(json, "warning", threshold.warning());
    } else if (target instanceof BandTarget band) {
      json.put("min", band.min()).put("max", band.max());
      number(json, "warningMin", band.warningMin());
      number(json, "warningMax", band.warningMax());
    } else if (target instanceof DirectionTarget direction) {
      json.put("direction", direction.direction().code()).put("reference", direction.reference().code());
      if (direction.baseline().isPresent()) {
        json.put("baseline", new JsonObject().put("period", direction.baselinePeriod().orElse(null))
            .put("value", direction.baseline().getAsDouble()));
      }
      direction.by().ifPresent(by -> json.put("by", new JsonObject().put("amount", by.amount())
          .put("unit", by.unit().code())));
      number(json, "warning", direction.warning());
    } else if (target instanceof RankTarget rank) {
      json.put("top", rank.top());
      if (rank.warning().isPresent()) {
        json.put("warning", rank.warning().getAsInt());
      }
    } else if (target instanceof PathTarget path) {
      json.put("baseline", new JsonObject().put("period", path.baselinePeriod()).put("value", path.baselineValue()))
          .put("goal", new JsonObject().put("period", path.goalPeriod()).put("value", path.goalValue()));
      number(json, "warning", path.warning());
    } else if (target instanceof OrdinalTarget ordinal) {
      json.put("met", new JsonArray(ordinal.met())).put("partly", new JsonArray(ordinal.partly()))
          .put("notMet", new JsonArray(ordinal.notMet()));
    }
  }

  private static JsonObject rollup(GoalRollup rollup) {
    JsonObject json = new JsonObject().put("rule", rollup.rule().code());
    number(json, "min", rollup.min());
    return json;
  }

  private static JsonObject source(Source source) {
    return new JsonObject().put("document", source.document()).put("line", source.line());
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
    Catalog current = catalog.current();
    Organisation organisation = current.organisation();
    JsonArray units = new JsonArray();
    organisation.units().forEach(unit -> {
      JsonObject json = new JsonObject()
          .put("id", unit.id())
          .put("kommun", current.kommunOf(unit.id()).map(Kommun::code).orElse(null))
          .put("name", unit.name())
          .put("shortName", unit.shortName())
          .put("level", unit.level().code())
          .put("parent", unit.parent().orElse(null))
          .put("validFrom", unit.validFrom().toString())
          .put("validTo", unit.validTo().map(Object::toString).orElse(null));
      JsonArray managers = new JsonArray();
      unit.managers().forEach(m -> managers.add(address(new JsonObject().put("role", m.role()), m.email(),
          withAddresses)
          .put("validFrom", m.validFrom().toString()).put("validTo", m.validTo().map(Object::toString).orElse(null))));
      json.put("managers", managers);
      unit.dataOwner().ifPresent(owner -> json.put("dataOwner",
          address(new JsonObject().put("role", owner.role()), owner.email(), withAddresses)));
      unit.source().ifPresent(source -> json.put("source", source(source)));
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
