package se.indikatorvakt.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the service should get traffic: its schema is migrated, the database answers, and it is
 * not shutting down. The database is asked on every readiness probe, so an outage shows at once
 * and recovery needs no restart.
 */
public final class Readiness {
  private static final long DATABASE_PROBE_TIMEOUT_MS = 2000;

  private final AtomicBoolean migrated = new AtomicBoolean();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final AtomicReference<Pool> pool = new AtomicReference<>();

  public void databaseReady(Pool readyPool) {
    pool.set(readyPool);
    migrated.set(true);
  }

  public void shuttingDown() {
    shuttingDown.set(true);
  }

  public boolean isShuttingDown() {
    return shuttingDown.get();
  }

  public HealthChecks checks(Vertx vertx) {
    return HealthChecks.create(vertx)
        .register("lifecycle", promise -> promise.complete(shuttingDown.get()
            ? Status.KO(new JsonObject().put("reason", "shutting down"))
            : Status.OK()))
        .register("database", DATABASE_PROBE_TIMEOUT_MS, promise -> probeDatabase().onComplete(promise));
  }

  private Future<Status> probeDatabase() {
    Pool current = pool.get();
    if (!migrated.get() || current == null) {
      return Future.succeededFuture(Status.KO(new JsonObject().put("reason", "schema not migrated yet")));
    }
    return current.query("SELECT 1").execute()
        .map(rows -> Status.OK())
        .otherwise(error -> Status.KO(new JsonObject().put("reason", "database unreachable")));
  }
}
