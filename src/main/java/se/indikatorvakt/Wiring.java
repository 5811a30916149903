package se.indikatorvakt;

import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import se.indikatorvakt.alerting.AckLinks;
import se.indikatorvakt.alerting.AlertingModule;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.api.acknowledgements.AckPages;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.api.catalog.CatalogApi;
import se.indikatorvakt.http.api.measurements.IngestApi;
import se.indikatorvakt.http.api.notifications.NotificationsApi;
import se.indikatorvakt.http.api.silences.SilencesApi;
import se.indikatorvakt.http.api.status.StatusApi;
import se.indikatorvakt.ingest.MeasurementPipeline;
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
    Settings settings = ctx.settings();
    AckLinks ackLinks = AlertingModule.ackLinks(ctx);
    NotificationModule notification = NotificationModule.create(ctx, ackLinks);
    AlertingModule alerting = AlertingModule.create(ctx, notification.outbox());
    MeasurementPipeline pipeline = new MeasurementPipeline(ctx.pool(), ctx.clock(), alerting.engine(), ctx.metrics());
    AtomicReference<AckPages> pages = new AtomicReference<>();

    apiModules.add(new CatalogApi(ctx.catalog(), ctx.auth()));
    apiModules.add(new IngestApi(ctx.vertx(), ctx.pool(), ctx.clock(), ctx.catalog(), ctx.auth(), ctx.metrics(),
        pipeline, settings.http().maxBatchSize()));
    apiModules.add(new NotificationsApi(notification.repository(), ctx.auth()));
    apiModules.add(new AlertsApi(ctx.pool(), ctx.catalog(), alerting.repository(), alerting.acknowledgements(),
        ackLinks, pages::get, ctx.auth()));
    apiModules.add(new SilencesApi(ctx.pool(), ctx.catalog(), alerting.repository(), ctx.auth(), ctx.clock(),
        settings.alerting().maxSilence()));
    apiModules.add(new StatusApi(ctx.pool(), ctx.catalog(), alerting.repository(), ctx.auth(), ctx.clock()));

    ZoneId zone = settings.notification().timeZone();
    background.add(task(() -> ctx.vertx()
        .executeBlocking(() -> AckPages.load(zone, settings.alerting().ackLinkValidity()))
        .onSuccess(pages::set)
        .mapEmpty(), Future::succeededFuture));
    background.add(task(alerting::start, alerting::stop));
    background.add(task(notification::start, notification::stop));
    GaugeRefresher gauges = new GaugeRefresher(ctx.vertx(), ctx.pool(), ctx.changes(), ctx.catalog(), ctx.metrics(),
        settings.metrics(), ctx.clock());
    background.add(task(gauges::start, gauges::stop));
  }

  private static Background task(Supplier<Future<Void>> start, Supplier<Future<Void>> stop) {
    return new Background() {
      @Override
      public Future<Void> start() {
        return start.get();
      }

      @Override
      public Future<Void> stop() {
        return stop.get();
      }
    };
  }

  List<ApiModule> apiModules() {
    return apiModules;
  }

  List<Background> background() {
    return background;
  }
}
