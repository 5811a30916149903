package se.indikatorvakt.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;

/** The API port's router: every module under /api/v1, every failure through {@link ProblemResponder}. */
public final class ApiRouter {
  private ApiRouter() {}

  public static Router create(Vertx vertx, List<ApiModule> modules) {
    Router root = Router.router(vertx);
    Router api = Router.router(vertx);
    modules.forEach(module -> module.mount(api));
    root.route("/api/v1/*").subRouter(api);
    root.route().failureHandler(ProblemResponder::handle);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415}) {
      root.errorHandler(status, ProblemResponder::handle);
    }
    root.errorHandler(500, ProblemResponder::handle);
    return root;
  }
}
