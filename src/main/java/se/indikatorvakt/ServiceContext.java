package se.indikatorvakt;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.Settings;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.health.Readiness;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.metrics.Metrics;

/** What every component of one running service shares: one Vert.x, one pool, one registry, one clock. */
public record ServiceContext(
    Vertx vertx,
    Settings settings,
    Pool pool,
    PgConnectOptions connectOptions,
    PrometheusMeterRegistry registry,
    Readiness readiness,
    Clock clock,
    CatalogService catalog,
    Metrics metrics,
    ChangeFeed changes,
    Authentication auth) {}
