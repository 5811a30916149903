package se.indikatorvakt.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import se.indikatorvakt.db.DatabaseOutage;
import se.indikatorvakt.health.Readiness;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.metrics.MetricsEndpoint;

/** The management port: liveness, readiness and Prometheus metrics, apart from the API. */
public final class ManagementRouter {
  private ManagementRouter() {}

  public static Router create(Vertx vertx, Readiness readiness, PrometheusMeterRegistry registry, Metrics metrics,
      DatabaseOutage outage) {
    Router router = Router.router(vertx);
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(
        io.vertx.ext.healthchecks.Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness.checks(vertx)));
    router.get("/metrics").handler(MetricsEndpoint.handler(vertx, registry, metrics));
    router.route().failureHandler(ProblemResponder.handler(outage));
    router.errorHandler(404, ProblemResponder.handler(outage));
    router.errorHandler(405, ProblemResponder.handler(outage));
    return router;
  }
}
