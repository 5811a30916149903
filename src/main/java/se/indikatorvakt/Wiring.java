package se.indikatorvakt;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import se.indikatorvakt.alerting.AckLinks;
import se.indikatorvakt.alerting.AlertingModule;
import se.indikatorvakt.assessment.AssessmentRepository;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.MissingTargets;
import se.indikatorvakt.catalogsync.CatalogSync;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.db.PlannerStatistics;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.api.acknowledgements.AckPages;
import se.indikatorvakt.http.api.alerts.AlertsApi;
import se.indikatorvakt.http.api.assessments.AssessmentsApi;
import se.indikatorvakt.http.api.catalog.CatalogApi;
import se.indikatorvakt.http.api.measurements.IngestApi;
import se.indikatorvakt.http.api.notifications.NotificationsApi;
import se.indikatorvakt.http.api.reports.AnalysesApi;
import se.indikatorvakt.http.api.reports.ReportsApi;
import se.indikatorvakt.http.api.silences.SilencesApi;
import se.indikatorvakt.http.api.status.StatusApi;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.ingest.MeasurementPipeline;
import se.indikatorvakt.http.api.kommun.KommunApi;
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

  /** @param connect for the scheduler's and the change feed's own connections */
  Wiring(ServiceContext ctx, Settings settings, PgConnectOptions connect, CatalogService catalog, ChangeFeed changes,
      Authentication auth) {
    ZoneId zone = settings.notification().timeZone();
    AckLinks ackLinks = new AckLinks(settings.http().publicBaseUrl(), settings.alerting().ackSecret(),
        settings.alerting().ackLinkValidity(), ctx.clock());
    Pool sending = DatabasePool.createDedicated(ctx.vertx(), connect, settings.database(), "indikatorvakt-outbox",
        NotificationModule.SENDER_CONNECTIONS, settings.notification().maxConcurrentSends() * 4);
    NotificationModule notification = new NotificationModule(ctx.vertx(), ctx.pool(), sending, ctx.clock(),
        ctx.metrics(), catalog, changes, settings.notification(), settings.smtp(),
        settings.shutdownTimeout().dividedBy(2), ackLinks, AlertingModule.alertStates(catalog));
    AlertingModule alerting = new AlertingModule(ctx.vertx(), ctx.pool(), connect, ctx.clock(), ctx.metrics(), catalog,
        settings.alerting(), zone, notification.outbox());
    MeasurementPipeline pipeline = new MeasurementPipeline(ctx.vertx(), ctx.pool(), ctx.clock(), alerting.engine(),
        ctx.metrics(), settings.ingest(), settings.database().poolSize(), settings.database().maxWaitQueue());
    new PlannerStatistics(ctx.vertx(), ctx.pool(), ctx.clock()).follow(changes);
    AtomicReference<AckPages> pages = new AtomicReference<>();
    CatalogSync sync = new CatalogSync(ctx.vertx(), ctx.pool(), changes, catalog, pipeline, ctx.clock(), zone);
    background.add(task(sync::start, Future::succeededFuture));

    apiModules.add(new CatalogApi(catalog, sync, auth));
    apiModules.add(new KommunApi(catalog, auth));
    apiModules.add(new IngestApi(ctx.vertx(), ctx.pool(), ctx.clock(), catalog, auth, ctx.metrics(), pipeline,
        settings.http().maxBatchSize()));
    apiModules.add(new NotificationsApi(notification.repository(), auth));
    apiModules.add(new AlertsApi(ctx.pool(), catalog, alerting.repository(), alerting.acknowledgements(), ackLinks,
        pages::get, auth));
    apiModules.add(new SilencesApi(ctx.pool(), catalog, alerting.repository(), auth, ctx.clock(),
        settings.alerting().maxSilence()));
    AssessmentRepository assessments = new AssessmentRepository();
    MissingTargets.Cache missingTargets = new MissingTargets.Cache();
    apiModules.add(new StatusApi(ctx.pool(), catalog, alerting.repository(), assessments, auth, ctx.clock(), zone,
        missingTargets));
    apiModules.add(new AssessmentsApi(ctx.pool(), catalog, assessments, auth, ctx.clock(), zone));

    background.add(task(() -> ctx.vertx()
        .executeBlocking(() -> AckPages.load(zone, settings.alerting().ackLinkValidity()))
        .onSuccess(pages::set)
        .mapEmpty(), Future::succeededFuture));
    background.add(task(alerting::start, alerting::stop));
    background.add(task(notification::start, notification::stop));
    GaugeRefresher gauges = new GaugeRefresher(ctx.vertx(), ctx.pool(), changes, catalog, ctx.metrics(),
        settings.metrics(), ctx.clock(), zone, missingTargets);
    background.add(task(gauges::start, gauges::stop));

    Reporting reporting = new Reporting(ctx.vertx(), ctx.pool(), catalog::current, ctx.clock(), zone,
        settings.http().publicBaseUrl(), settings.alerting().ackSecret(), settings.alerting().ackLinkValidity(),
        settings.reports());
    apiModules.add(new ReportsApi(reporting, auth));
    apiModules.add(new AnalysesApi(reporting, auth));
    background.add(task(reporting::start, reporting::stop));
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
