package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import se.indikatorvakt.Settings;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.metrics.Registries;
import se.indikatorvakt.notification.NotificationModule;

/**
 * The work of one scheduler tick, built as the service builds it, so that a benchmark can time a tick on its own
 * (without the advisory lock and the timer, which only decide when and where a tick runs).
 */
public final class SchedulerTicks {
  private SchedulerTicks() {}

  public static Function<Instant, Future<Void>> of(Vertx vertx, Pool pool, CatalogService catalog, Settings settings,
      Clock clock) {
    Metrics metrics = new Metrics(Registries.prometheus());
    var zone = settings.notification().timeZone();
    var outbox = new NotificationModule(vertx, pool, pool, clock, metrics, catalog, null, settings.notification(),
        settings.smtp(), Duration.ofSeconds(1), null, AlertingModule.alertStates(catalog)).outbox();
    AlertRepository repository = new AlertRepository();
    AlertWriter writer = new AlertWriter(repository, outbox, catalog, metrics, zone);
    AlertEngine engine = new AlertEngine(catalog, repository, writer, clock, zone);
    SchedulerWork work = new SchedulerWork(pool, catalog, repository, engine, writer, metrics, zone,
        new YearlyMissingTargets(vertx, pool, catalog, outbox, zone));
    return work::tick;
  }
}
