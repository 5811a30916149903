package se.indikatorvakt;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import se.indikatorvakt.metrics.Metrics;

/**
 * What every part of one running service shares: one Vert.x, one pool, one clock, one registry (behind
 * {@link Metrics}). Everything else a module needs, Wiring hands it explicitly, its own settings record included.
 */
record ServiceContext(Vertx vertx, Pool pool, Clock clock, Metrics metrics) {}
