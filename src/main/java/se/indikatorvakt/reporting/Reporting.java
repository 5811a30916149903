package se.indikatorvakt.reporting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import se.indikatorvakt.assessment.AssessmentRepository;
import se.indikatorvakt.catalog.Catalog;

/**
 * The follow-up report and the analyses it prints, built once per service (or per command-line run): signed links,
 * repositories, the report writer and the templates, which {@link #start()} reads on a worker.
 */
public final class Reporting {
  private final Vertx vertx;
  private final SqlClient db;
  private final Supplier<Catalog> catalog;
  private final Clock clock;
  private final ZoneId zone;
  private final Optional<java.nio.file.Path> templateDir;
  private final AnalysisLinks links;
  private final AnalysisRepository analyses = new AnalysisRepository();
  private final ReportService reports;
  private final AtomicReference<ReportTemplates> templates = new AtomicReference<>();
  private final AtomicReference<AnalysisPages> pages = new AtomicReference<>();

  /**
   * @param linkSecret the HMAC key of the signed links (the acknowledgement links' secret: an analysis token is
   *     labelled, so neither kind can stand for the other)
   */
  public Reporting(Vertx vertx, SqlClient db, Supplier<Catalog> catalog, Clock clock, ZoneId zone,
      String publicBaseUrl, String linkSecret, Duration linkValidity, ReportSettings settings) {
    this.vertx = vertx;
    this.db = db;
    this.catalog = catalog;
    this.clock = clock;
    this.zone = zone;
    this.templateDir = settings.templateDir();
    this.links = new AnalysisLinks(publicBaseUrl, linkSecret, linkValidity, clock);
    ReportRepository repository = new ReportRepository(analyses, new AssessmentRepository(), links,
        settings.trendPeriods());
    this.reports = new ReportService(vertx, db, catalog, repository, templates::get, zone, clock, settings.timeout(),
        settings.maxConcurrent());
  }

  public Future<Void> start() {
    return vertx.executeBlocking(() -> ReportTemplates.load(templateDir))
        .onSuccess(loaded -> {
          templates.set(loaded);
          pages.set(new AnalysisPages(loaded, zone));
        })
        .mapEmpty();
  }

  public Future<Void> stop() {
    return reports.close();
  }

  /** For the email composer too: the "Skriv analys" link of one indicator, unit and period for its manager. */
  public AnalysisLinks links() {
    return links;
  }

  public AnalysisRepository analyses() {
    return analyses;
  }

  public ReportService reports() {
    return reports;
  }

  public AnalysisPages pages() {
    return pages.get();
  }

  public Catalog catalog() {
    return catalog.get();
  }

  public List<ReportKommun> kommuner() {
    return ReportKommun.of(catalog.get());
  }

  public SqlClient db() {
    return db;
  }

  public Clock clock() {
    return clock;
  }
}
