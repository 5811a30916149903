package se.indikatorvakt.http.api.kommun;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.http.auth.ReadScope;

/** The kommuner of the installation: code, name and root unit. Needs a key: it tells who is served here. */
public final class KommunApi implements ApiModule {
  private final CatalogService catalog;
  private final Authentication auth;

  public KommunApi(CatalogService catalog, Authentication auth) {
    this.catalog = catalog;
    this.auth = auth;
  }

  @Override
  public void mount(Router api) {
    api.get("/kommuner").handler(auth.source()).handler(this::list);
  }

  /** The kommuner the key holds: to a key, the installation has no other. */
  private void list(RoutingContext ctx) {
    JsonArray kommuner = new JsonArray();
    for (Kommun kommun : ReadScope.of(ctx.get(Caller.CONTEXT_KEY), catalog.current()).catalog().kommuner()) {
      kommuner.add(new JsonObject()
          .put("code", kommun.code())
          .put("name", kommun.name())
          .put("rootUnit", kommun.rootUnit()));
    }
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("count", kommuner.size()).put("kommuner", kommuner).encode());
  }
}
