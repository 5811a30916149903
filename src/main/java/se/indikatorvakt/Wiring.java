package se.indikatorvakt;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import se.indikatorvakt.alerting.AckLinks;
import se.indikatorvakt.alerting.AlertingModule;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.api.reports.AnalysesApi;
import se.indikatorvakt.http.api.reports.ReportsApi;
import se.indikatorvakt.ingest.IngestApi;
import se.indikatorvakt.ingest.IngestService;
import se.indikatorvakt.metrics.GaugeRefresher;
import se.indikatorvakt.notification.NotificationModule;
import se.indikatorvakt.reporting.Reporting;

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
    NotificationModule notification = NotificationModule.create(ctx, ackLinks);
    AlertingModule alerting = AlertingModule.create(ctx, ackLinks, notification.outbox());
    IngestService ingest = new IngestService(ctx.pool(), ctx.clock(), alerting.listener(), ctx.metrics());
    apiModules.add(new IngestApi(ctx.vertx(), ctx.pool(), ctx.clock(), ctx.catalog(), ctx.auth(), ctx.metrics(),
        ingest, ctx.settings().http().maxBatchSize()));
    apiModules.add(notification.api());
    apiModules.addAll(alerting.api());
    Reporting reporting = reporting(ctx);
    apiModules.add(new ReportsApi(reporting, ctx.auth()));
    apiModules.add(new AnalysesApi(reporting, ctx.auth()));
    background.add(new Background() {
      @Override
      public Future<Void> start() {
        return reporting.start();
      }

      @Override
      public Future<Void> stop() {
        return reporting.stop();
      }
    });
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

  /** The report and its analyses; the command line builds the same for one report. */
  static Reporting reporting(ServiceContext ctx) {
    return new Reporting(ctx.vertx(), ctx.pool(), ctx.catalog()::current, ctx.clock(),
        ctx.settings().notification().timeZone(), ctx.settings().http().publicBaseUrl(),
        ctx.settings().alerting().ackSecret(), ctx.settings().alerting().ackLinkValidity(), ctx.settings().reports());
  }

  List<ApiModule> apiModules() {
    return apiModules;
  }

  List<Background> background() {
    return background;
  }
}
