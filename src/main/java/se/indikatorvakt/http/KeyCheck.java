package se.indikatorvakt.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that admit a request only with a valid key: any key, or an administrator's (http.auth). */
public interface KeyCheck {
  Handler<RoutingContext> source();

  Handler<RoutingContext> admin();
}
