package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import se.indikatorvakt.ServiceContext;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.ingest.MeasurementListener;
import se.indikatorvakt.notification.AlertStates;
import se.indikatorvakt.notification.Outbox;

/**
 * The alert lifecycle, built by Wiring: the engine that ingest calls inside its transaction, the API (alerts,
 * acknowledgement pages, silences, status), and the scheduler. {@link #start()} reads the page template on a worker
 * and starts the scheduler; the API is served only after that.
 */
public final class AlertingModule {
  private final ServiceContext ctx;
  private final AlertEngine engine;
  private final Scheduler scheduler;
  private final List<ApiModule> api;
  private final AtomicReference<AckPages> pages = new AtomicReference<>();

  private AlertingModule(ServiceContext ctx, AckLinks links, Outbox outbox) {
    this.ctx = ctx;
    AlertingSettings settings = ctx.settings().alerting();
    ZoneId zone = ctx.settings().notification().timeZone();
    AlertRepository repository = new AlertRepository();
    AlertWriter writer = new AlertWriter(repository, outbox, ctx.catalog(), ctx.metrics());
    this.engine = new AlertEngine(ctx.catalog(), repository, writer, ctx.clock(), zone);
    SchedulerWork work = new SchedulerWork(ctx.pool(), ctx.catalog(), repository, engine, writer, ctx.metrics(), zone);
    this.scheduler = new Scheduler(ctx.vertx(), ctx.connectOptions(), settings.schedulerInterval(), ctx.clock(),
        work::tick);
    AckService acks = new AckService(ctx.pool(), repository, writer, ctx.clock(), ctx.catalog(), zone);
    this.api = List.of(
        new AlertsApi(ctx.pool(), ctx.catalog(), repository, acks, links, pages::get, ctx.auth()),
        new SilencesApi(ctx.pool(), ctx.catalog(), repository, ctx.auth(), ctx.clock(), settings.maxSilence()),
        new StatusApi(ctx.pool(), ctx.catalog(), repository, ctx.auth(), ctx.clock()));
  }

  /** The signed links, which notification needs before this module can be built (it needs notification's outbox). */
  public static AckLinks ackLinks(ServiceContext ctx) {
    AlertingSettings settings = ctx.settings().alerting();
    return new AckLinks(ctx.settings().http().publicBaseUrl(), settings.ackSecret(), settings.ackLinkValidity(),
        ctx.clock());
  }

  /** How alerts stand now, which the outbox sender asks before it sends (notification is built first). */
  public static AlertStates alertStates(ServiceContext ctx) {
    return new AlertStateLookup(ctx.catalog(), new AlertRepository());
  }

  public static AlertingModule create(ServiceContext ctx, AckLinks links, Outbox outbox) {
    return new AlertingModule(ctx, links, outbox);
  }

  public MeasurementListener listener() {
    return engine;
  }

  public List<ApiModule> api() {
    return api;
  }

  public Future<Void> start() {
    ZoneId zone = ctx.settings().notification().timeZone();
    return ctx.vertx().executeBlocking(() -> AckPages.load(zone, ctx.settings().alerting().ackLinkValidity()))
        .onSuccess(pages::set)
        .compose(loaded -> scheduler.start());
  }

  public Future<Void> stop() {
    return scheduler.stop();
  }
}
