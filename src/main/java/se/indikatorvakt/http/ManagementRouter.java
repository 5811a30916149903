package se.indikatorvakt.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.List;
import java.util.regex.Pattern;
import se.indikatorvakt.db.DatabaseOutage;
import se.indikatorvakt.health.Readiness;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.metrics.MetricsEndpoint;

/** The management port: liveness, readiness and Prometheus metrics, apart from the API. */
public final class ManagementRouter {
  private static final Pattern KOMMUN_CODE = Pattern.compile("[0-9]{4}");

  private ManagementRouter() {}

  public static Router create(Vertx vertx, Readiness readiness, PrometheusMeterRegistry registry, Metrics metrics,
      DatabaseOutage outage) {
    Router router = Router.router(vertx);
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(
        io.vertx.ext.healthchecks.Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness.checks(vertx)));
    router.get("/metrics").handler(ctx -> MetricsEndpoint.serve(ctx, vertx, registry, metrics, scope(ctx, metrics)));
    router.route().failureHandler(ProblemResponder.handler(outage));
    router.errorHandler(404, ProblemResponder.handler(outage));
    router.errorHandler(405, ProblemResponder.handler(outage));
    return router;
  }

  /**
   * /metrics?kommun=0880 for one kommun's domain series, ?kommun=none for what belongs to no kommun. The code only
   * selects among the catalog's kommuner: what the client sent is compared, never written into a label.
   */
  private static MetricsEndpoint.Scope scope(RoutingContext ctx, Metrics metrics) {
    List<String> given = ctx.queryParam("kommun");
    if (given.isEmpty()) {
      return MetricsEndpoint.Scope.everything();
    }
    String kommun = given.get(0);
    if (given.size() > 1) {
      throw invalid("kommun may be given once");
    }
    if (kommun.equals("none")) {
      return MetricsEndpoint.Scope.serviceOnly();
    }
    if (!KOMMUN_CODE.matcher(kommun).matches()) {
      throw invalid("kommun must be a four-digit municipality code such as 0880, or none");
    }
    if (!MetricsEndpoint.knowsKommun(metrics, kommun)) {
      throw new ProblemException(new Problem(404, ProblemType.NOT_FOUND, "There is no kommun " + kommun
          + " in this installation.", List.of(new Problem.FieldError("/query/kommun", "not a kommun of the catalog"))));
    }
    return MetricsEndpoint.Scope.ofKommun(kommun);
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(new Problem(400, ProblemType.INVALID_PARAMETER, "The query parameter kommun is "
        + "not valid.", List.of(new Problem.FieldError("/query/kommun", detail))));
  }
}
