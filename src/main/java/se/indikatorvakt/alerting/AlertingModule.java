package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import java.time.ZoneId;
import se.indikatorvakt.ServiceContext;
import se.indikatorvakt.notification.Outbox;

/**
 * The alert lifecycle, built by Wiring: the engine that the measurement pipeline calls inside its transaction, the repository and
 * acknowledgements that the API reads and writes through, and the scheduler.
 */
public final class AlertingModule {
  private final AlertEngine engine;
  private final Scheduler scheduler;
  private final AlertRepository repository;
  private final AckService acks;

  private AlertingModule(ServiceContext ctx, Outbox outbox) {
    AlertingSettings settings = ctx.settings().alerting();
    ZoneId zone = ctx.settings().notification().timeZone();
    this.repository = new AlertRepository();
    AlertWriter writer = new AlertWriter(repository, outbox, ctx.catalog(), ctx.metrics());
    this.engine = new AlertEngine(ctx.catalog(), repository, writer, ctx.clock(), zone);
    SchedulerWork work = new SchedulerWork(ctx.pool(), ctx.catalog(), repository, engine, writer, ctx.metrics(), zone);
    this.scheduler = new Scheduler(ctx.vertx(), ctx.connectOptions(), settings.schedulerInterval(), ctx.clock(),
        work::tick);
    this.acks = new AckService(ctx.pool(), repository, writer, ctx.clock());
  }

  /** The signed links, which notification needs before this module can be built (it needs notification's outbox). */
  public static AckLinks ackLinks(ServiceContext ctx) {
    AlertingSettings settings = ctx.settings().alerting();
    return new AckLinks(ctx.settings().http().publicBaseUrl(), settings.ackSecret(), settings.ackLinkValidity(),
        ctx.clock());
  }

  public static AlertingModule create(ServiceContext ctx, Outbox outbox) {
    return new AlertingModule(ctx, outbox);
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
