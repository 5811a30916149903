package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.ZoneId;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.notification.AlertStates;
import se.indikatorvakt.notification.Outbox;

/**
 * The alert lifecycle, built by Wiring: the engine that the measurement pipeline calls inside its transaction, the
 * repository and acknowledgements that the API reads and writes through, and the scheduler (with the yearly list of
 * missing målvärden to each kommun's catalog owner).
 */
public final class AlertingModule {
  private final AlertEngine engine;
  private final Scheduler scheduler;
  private final AlertRepository repository;
  private final AckService acks;

  /**
   * @param connect the scheduler's own connection holds its advisory lock
   * @param zone the local time zone of reporting deadlines and days
   */
  public AlertingModule(Vertx vertx, Pool pool, PgConnectOptions connect, Clock clock, Metrics metrics,
      CatalogService catalog, AlertingSettings settings, ZoneId zone, Outbox outbox) {
    this.repository = new AlertRepository();
    AlertWriter writer = new AlertWriter(repository, outbox, catalog, metrics, zone);
    this.engine = new AlertEngine(catalog, repository, writer, clock, zone);
    SchedulerWork work = new SchedulerWork(pool, catalog, repository, engine, writer, metrics, zone,
        new YearlyMissingTargets(vertx, pool, catalog, outbox, zone));
    this.scheduler = new Scheduler(vertx, connect, settings.schedulerInterval(), clock, work::tick,
        metrics::schedulerTicked);
    this.acks = new AckService(pool, repository, writer, clock, catalog, zone);
  }

  /** How alerts stand now, which the outbox sender asks before it sends (notification is built first). */
  public static AlertStates alertStates(CatalogService catalog) {
    return new AlertStateLookup(catalog, new AlertRepository());
  }

  public AlertEngine engine() {
    return engine;
  }

  public AlertRepository repository() {
    return repository;
  }

  public AckService acknowledgements() {
    return acks;
  }

  public Future<Void> start() {
    return scheduler.start();
  }

  public Future<Void> stop() {
    return scheduler.stop();
  }
}
