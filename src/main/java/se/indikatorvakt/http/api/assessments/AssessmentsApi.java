package se.indikatorvakt.http.api.assessments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import se.indikatorvakt.assessment.AssessmentInput;
import se.indikatorvakt.assessment.AssessmentRepository;
import se.indikatorvakt.assessment.RecordedAssessment;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.JsonBody;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;

/**
 * Bedömningar: {@code POST /assessments} records a new version with an admin key; {@code GET /assessments} reads the
 * one in force and every earlier version of an indicator or goal, unit and period.
 */
public final class AssessmentsApi implements ApiModule {
  private final Pool pool;
  private final CatalogService catalog;
  private final AssessmentRepository repository;
  private final Authentication auth;
  private final Clock clock;
  private final ZoneId zone;

  /** @param zone where "today" is: a period that has not begun there cannot be judged */
  public AssessmentsApi(Pool pool, CatalogService catalog, AssessmentRepository repository, Authentication auth,
      Clock clock, ZoneId zone) {
    this.pool = pool;
    this.catalog = catalog;
    this.repository = repository;
    this.auth = auth;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public void mount(Router api) {
    api.post("/assessments").handler(auth.admin()).handler(this::record);
    api.get("/assessments").handler(auth.source()).handler(this::history);
  }

  private void record(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    // another kommun's things do not exist for this key: its kommun, goals and units are unknown here
    Catalog current = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current()).catalog();
    AssessmentInput.Resolution resolution = AssessmentInput.subject(current, new AssessmentInput.Subject(
        string(body, "kommun"), string(body, "indicator"), string(body, "goal"), string(body, "orgUnit"),
        string(body, "period")), today());
    String verdict = string(body, "verdict");
    String motivation = string(body, "motivation");
    String assessedBy = string(body, "assessedBy");
    List<AssessmentInput.InputProblem> problems = new ArrayList<>(resolution.problems());
    problems.addAll(AssessmentInput.content(verdict, motivation, assessedBy));
    if (!problems.isEmpty() || resolution.target().isEmpty()) {
      throw new ProblemException(new Problem(422, ProblemType.INVALID_ASSESSMENT,
          "The bedömning was not recorded; see errors.", errors(problems, "")));
    }
    AssessmentInput.Target target = resolution.target().get();
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Assessment assessment = AssessmentInput.assessment(target, verdict, motivation, assessedBy, clock.instant());
    String kommun = target.kommun().code();
    KommunScope.transaction(pool, Set.of(kommun), tx -> repository.insert(tx, kommun, target.period(), assessment,
            RecordedAssessment.ADMIN + caller.name()))
        .onSuccess(saved -> AlertsApi.json(ctx, 201, AssessmentJson.full(saved)))
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    ReadScope scope = ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current());
    Catalog current = scope.catalog();
    var request = ctx.request();
    AssessmentInput.Resolution resolution = AssessmentInput.subject(current, new AssessmentInput.Subject(
        request.getParam("kommun"), request.getParam("indicator"), request.getParam("goal"),
        request.getParam("orgUnit"), request.getParam("period")), today());
    if (resolution.target().isEmpty()) {
      throw new ProblemException(new Problem(422, ProblemType.INVALID_QUERY,
          "Some query parameters are not valid; see errors.", errors(resolution.problems(), "/query")));
    }
    AssessmentInput.Target target = resolution.target().get();
    if (target.subject() instanceof Assessment.IndicatorSubject indicator) {
      scope.check(indicator.indicatorId(), indicator.orgUnit());
    } else {
      scope.orgUnits(new String[] {target.subject().orgUnit()});
    }
    String kommun = target.kommun().code();
    KommunScope.statement(pool, Set.of(kommun),
            conn -> repository.history(conn, kommun, target.subject(), target.period().notation()))
        .map(versions -> {
          JsonArray items = new JsonArray();
          versions.forEach(v -> items.add(AssessmentJson.full(v)));
          return new JsonObject().put("count", items.size())
              .put("current", versions.isEmpty() ? null : AssessmentJson.full(versions.get(0)))
              .put("items", items);
        })
        .onSuccess(answer -> AlertsApi.json(ctx, 200, answer))
        .onFailure(ctx::fail);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  private static List<Problem.FieldError> errors(List<AssessmentInput.InputProblem> problems, String prefix) {
    return problems.stream().map(p -> new Problem.FieldError(prefix + p.pointer(), p.detail())).toList();
  }

  private static String string(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : null;
  }
}
