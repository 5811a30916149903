package se.indikatorvakt;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import se.indikatorvakt.alerting.AckLinks;
import se.indikatorvakt.alerting.AlertingModule;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.ingest.IngestApi;
import se.indikatorvakt.ingest.IngestService;
import se.indikatorvakt.metrics.GaugeRefresher;
import se.indikatorvakt.notification.NotificationModule;

/** Builds every module of the service from the shared context: the API's parts and the background work. */
final class Wiring {
  /** Work that runs beside the API (outbox sender, scheduler, gauge refresh); stopped before the pool closes. */
  interface Background {
    Future<Void> start();

    Future<Void> stop();
  }

  private final List<ApiModule> apiModules = new ArrayList<>();
  private final List<Background> background = new ArrayList<>();

  Wiring(ServiceContext ctx) {
    apiModules.add(ctx.catalog().apiModule(ctx.auth()));
    AckLinks ackLinks = AlertingModule.ackLinks(ctx);
    NotificationModule notification = NotificationModule.create(ctx, ackLinks, AlertingModule.alertStates(ctx));
    AlertingModule alerting = AlertingModule.create(ctx, ackLinks, notification.outbox());
    IngestService ingest = new IngestService(ctx.pool(), ctx.clock(), alerting.listener(), ctx.metrics());
    apiModules.add(new IngestApi(ctx.vertx(), ctx.pool(), ctx.clock(), ctx.catalog(), ctx.auth(), ctx.metrics(),
        ingest, ctx.settings().http().maxBatchSize()));
    apiModules.add(notification.api());
    apiModules.addAll(alerting.api());
    background.add(new Background() {
      @Override
      public Future<Void> start() {
        return alerting.start();
      }

      @Override
      public Future<Void> stop() {
        return alerting.stop();
      }
    });
    background.add(new Background() {
      @Override
      public Future<Void> start() {
        return notification.start();
      }

      @Override
      public Future<Void> stop() {
        return notification.stop();
      }
    });
    GaugeRefresher gauges = new GaugeRefresher(ctx.vertx(), ctx.pool(), ctx.changes(), ctx.catalog(), ctx.metrics(),
        ctx.settings().metrics(), ctx.clock());
    background.add(new Background() {
      @Override
      public Future<Void> start() {
        return gauges.start();
      }

      @Override
      public Future<Void> stop() {
        return gauges.stop();
      }
    });
  }

  List<ApiModule> apiModules() {
    return apiModules;
  }

  List<Background> background() {
    return background;
  }
}
