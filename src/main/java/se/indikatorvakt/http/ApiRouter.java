package se.indikatorvakt.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import se.indikatorvakt.db.DatabaseOutage;

/**
 * The API port's router: every module under /api/v1, every failure through {@link ProblemResponder}.
 * Every request first shows the key its operation needs (401/403), then is checked against the OpenAPI contract
 * ({@link ApiContract}); a body is read only after its media type passed and never beyond http.bodyLimitBytes
 * (413), and never to disk.
 */
public final class ApiRouter {
  private ApiRouter() {}

  public static Router create(Vertx vertx, List<ApiModule> modules, ApiContract contract, KeyCheck auth,
      int bodyLimitBytes, DatabaseOutage outage) {
    Handler<RoutingContext> problems = ProblemResponder.handler(outage);
    Router root = Router.router(vertx);
    Router api = Router.router(vertx);
    contract.serve(api);
    modules.forEach(module -> module.mount(api));
    contract.reportUndocumented(api);
    // the gates as the handlers of two routes, in this order, so that the router matches the path twice for them, not
    // once per gate on every request; two, because a route refuses a body handler after a handler of its own
    root.route("/api/v1/*").handler(contract.securityGate(auth)).handler(contract.requestGate());
    root.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
        .handler(contract.bodyGate());
    root.route("/api/v1/*").subRouter(api);
    root.route().failureHandler(problems);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415}) {
      root.errorHandler(status, problems);
    }
    root.errorHandler(500, problems);
    return root;
  }
}
