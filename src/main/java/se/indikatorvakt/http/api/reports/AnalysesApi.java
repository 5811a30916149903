package se.indikatorvakt.http.api.reports;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.reporting.Analysis;
import se.indikatorvakt.reporting.AnalysisInput;
import se.indikatorvakt.reporting.AnalysisLinks;
import se.indikatorvakt.reporting.Reporting;
import se.indikatorvakt.signing.SignedTokens;

/**
 * Analyses: {@code POST /analyses} (an admin key, or the signed link's token for the unit's manager),
 * {@code GET /analyses} (every version, newest first), and the Swedish page behind "Skriv analys"
 * ({@code GET /analyses/page} shows the form and changes nothing, because mail scanners fetch links; its form POSTs).
 */
public final class AnalysesApi implements ApiModule {
  private static final String FORM = "application/x-www-form-urlencoded";

  private final Reporting reporting;
  private final Authentication auth;

  public AnalysesApi(Reporting reporting, Authentication auth) {
    this.reporting = reporting;
    this.auth = auth;
  }

  @Override
  public void mount(Router api) {
    api.get("/analyses/page").handler(this::page);
    api.post("/analyses/page").consumes(FORM).handler(this::saveFromPage);
    api.get("/analyses").handler(auth.source()).handler(this::history);
    api.post("/analyses").handler(this::tokenOrAdmin).handler(this::write);
  }

  private void page(RoutingContext ctx) {
    AnalysisLinks.Subject subject = subject(ctx.request().getParam("kommun"), ctx.request().getParam("indicator"),
        ctx.request().getParam("orgUnit"), ctx.request().getParam("period"));
    String token = ctx.request().getParam("token");
    if (!AnalysisInput.subject(reporting.catalog(), reporting.kommuner(), subject).isEmpty()) {
      Pages.html(ctx, 404, reporting.pages().notFound());
      return;
    }
    if (reporting.links().verify(subject, token) instanceof SignedTokens.Refused refused) {
      Pages.html(ctx, 403, reporting.pages().refused(refused.expired(), reporting.links().validity().toDays()));
      return;
    }
    reporting.analyses().history(reporting.db(), subject)
        .onSuccess(versions -> {
          Optional<Analysis> current = versions.stream().findFirst();
          Pages.html(ctx, 200, reporting.pages().form(reporting.catalog(), subject, token, current,
              current.map(Analysis::analysis).orElse(""), current.map(Analysis::actions).orElse(""),
              Optional.empty()));
        })
        .onFailure(ctx::fail);
  }

  private void saveFromPage(RoutingContext ctx) {
    var form = ctx.request();
    AnalysisLinks.Subject subject = subject(form.getFormAttribute("kommun"), form.getFormAttribute("indicator"),
        form.getFormAttribute("orgUnit"), form.getFormAttribute("period"));
    String token = form.getFormAttribute("token");
    String analysis = text(form.getFormAttribute("analysis"));
    String actions = text(form.getFormAttribute("actions"));
    if (!AnalysisInput.subject(reporting.catalog(), reporting.kommuner(), subject).isEmpty()) {
      Pages.html(ctx, 404, reporting.pages().notFound());
      return;
    }
    SignedTokens.Verdict verdict = reporting.links().verify(subject, token);
    if (verdict instanceof SignedTokens.Refused refused) {
      Pages.html(ctx, 403, reporting.pages().refused(refused.expired(), reporting.links().validity().toDays()));
      return;
    }
    List<AnalysisInput.InputProblem> problems = AnalysisInput.texts(analysis, actions);
    if (!problems.isEmpty()) {
      // a refused text is shown again only when it was refused for its length: a personnummer is never repeated
      boolean analysisShown = problems.stream().noneMatch(p -> p.pointer().equals("/analysis"));
      boolean actionsShown = problems.stream().noneMatch(p -> p.pointer().equals("/actions"));
      Pages.html(ctx, 422, reporting.pages().form(reporting.catalog(), subject, token, Optional.empty(),
          analysisShown ? analysis : "", actionsShown ? actions : "",
          Optional.of(String.join(" ", problems.stream().map(AnalysisInput.InputProblem::swedish).toList()))));
      return;
    }
    String author = Analysis.LINK_AUTHOR + ((SignedTokens.Valid) verdict).recipient();
    reporting.analyses().insert(reporting.db(), subject, analysis, actions, author, reporting.clock().instant())
        .onSuccess(saved -> Pages.html(ctx, 200, reporting.pages().saved(reporting.catalog(), subject, saved)))
        .onFailure(ctx::fail);
  }

  /** A JSON analysis carries either the link's token or an admin key. */
  private void tokenOrAdmin(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    ctx.put("analysis.body", body);
    if (body.getValue("token") instanceof String token) {
      AnalysisLinks.Subject subject = subject(body);
      if (reporting.links().verify(subject, token) instanceof SignedTokens.Valid valid) {
        ctx.put("analysis.author", Analysis.LINK_AUTHOR + valid.recipient());
        ctx.next();
        return;
      }
      ctx.fail(new ProblemException(Problem.of(403, ProblemType.ANALYSIS_LINK_INVALID,
          "The token is not valid for this kommun, indicator, unit and period, or it has expired.")));
      return;
    }
    auth.admin().handle(ctx);
  }

  private void write(RoutingContext ctx) {
    JsonObject body = ctx.get("analysis.body");
    AnalysisLinks.Subject subject = subject(body);
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    if (ctx.get("analysis.author") == null && !caller.holds(subject.kommun())) {
      throw ReportsApi.notFound("/kommun", "There is no kommun " + subject.kommun() + " in this installation for "
          + "this key.");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    AnalysisInput.subject(reporting.catalog(), reporting.kommuner(), subject)
        .forEach(p -> errors.add(new Problem.FieldError(p.pointer(), p.detail())));
    String analysis = text(body.getValue("analysis") instanceof String s ? s : null);
    String actions = text(body.getValue("actions") instanceof String s ? s : null);
    AnalysisInput.texts(analysis, actions).forEach(p -> errors.add(new Problem.FieldError(p.pointer(), p.detail())));
    if (!errors.isEmpty()) {
      throw new ProblemException(new Problem(422, ProblemType.INVALID_ANALYSIS,
          "The analysis was not stored; see errors.", errors));
    }
    String author = ctx.get("analysis.author");
    if (author == null) {
      author = Analysis.ADMIN_AUTHOR + ctx.<Caller>get(Caller.CONTEXT_KEY).name();
    }
    reporting.analyses().insert(reporting.db(), subject, analysis, actions, author, reporting.clock().instant())
        .onSuccess(saved -> json(ctx, 201, json(saved)))
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    AnalysisLinks.Subject subject = subject(ctx.request().getParam("kommun"), ctx.request().getParam("indicator"),
        ctx.request().getParam("orgUnit"), ctx.request().getParam("period"));
    List<AnalysisInput.InputProblem> problems = AnalysisInput.subject(reporting.catalog(), reporting.kommuner(),
        subject);
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    boolean held = caller.holds(subject.kommun()) && caller.mayWriteOrgUnit(reporting.catalog().organisation().chainUpwards(subject.orgUnit()).stream()
        .map(OrgUnit::id).toList());
    if (problems.stream().anyMatch(p -> p.pointer().equals("/kommun") || p.pointer().equals("/orgUnit")) || !held) {
      throw ReportsApi.notFound("/query/orgUnit", "The kommun has no such unit for this key.");
    }
    if (!problems.isEmpty()) {
      throw new ProblemException(new Problem(422, ProblemType.INVALID_QUERY,
          "Some query parameters are not valid; see errors.",
          problems.stream().map(p -> new Problem.FieldError("/query" + p.pointer(), p.detail())).toList()));
    }
    reporting.analyses().history(reporting.db(), subject)
        .map(versions -> {
          JsonArray items = new JsonArray();
          versions.forEach(v -> items.add(json(v)));
          return new JsonObject().put("count", items.size()).put("items", items);
        })
        .onSuccess(body -> json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Analysis a) {
    return new JsonObject().put("id", a.id()).put("kommun", a.kommun()).put("indicator", a.indicator())
        .put("orgUnit", a.orgUnit()).put("period", a.period()).put("version", a.version())
        .put("analysis", a.analysis()).put("actions", a.actions()).put("author", a.author())
        .put("writtenAt", a.writtenAt().toString());
  }

  private static AnalysisLinks.Subject subject(JsonObject body) {
    return subject(string(body, "kommun"), string(body, "indicator"), string(body, "orgUnit"), string(body, "period"));
  }

  private static AnalysisLinks.Subject subject(String kommun, String indicator, String orgUnit, String period) {
    return new AnalysisLinks.Subject(text(kommun), text(indicator), text(orgUnit), text(period));
  }

  private static String string(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : "";
  }

  private static String text(String raw) {
    return raw == null ? "" : raw.strip();
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    String text = ctx.body().asString();
    try {
      if (text != null && Json.decodeValue(text) instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException e) {
      throw new ProblemException(Problem.of(400, ProblemType.MALFORMED_JSON, "The body is not valid JSON."));
    }
    throw new ProblemException(Problem.of(400, ProblemType.MALFORMED_JSON, "The body must be a JSON object."));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }
}
