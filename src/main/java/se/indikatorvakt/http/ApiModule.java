package se.indikatorvakt.http;

import io.vertx.ext.web.Router;

/** A part of the API (ingest, catalog, alerts, ...) that mounts its routes under /api/v1. */
public interface ApiModule {
  void mount(Router api);
}
