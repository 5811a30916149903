package se.indikatorvakt.reporting;

import java.util.Set;
import se.indikatorvakt.db.KommunScope;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;

/**
 * Writes follow-up reports: the data is read without blocking, then the HTML and the PDF are made on a worker pool
 * of the report's own (so a slow report never takes the workers ingest and the outbox use), at most
 * {@code concurrent} at once and each bounded by {@code timeout}.
 */
public final class ReportService {
  public enum Format { HTML, PDF }

  /** More reports are being written than the pool takes; the caller may retry shortly. */
  public static final class BusyException extends RuntimeException {
    BusyException() {
      super("every report worker is busy", null, false, false);
    }
  }

  /** The report took longer than its bound. */
  public static final class TimedOutException extends RuntimeException {
    TimedOutException(Duration timeout) {
      super("the report took longer than " + timeout, null, false, false);
    }
  }

  /** What a (kommun, unit, period) request names, or why it names nothing. */
  public sealed interface Resolution permits Resolved, UnknownKommun, UnknownUnit, InvalidPeriod,
      PeriodTypeNotReported {}

  public record Resolved(ReportKommun kommun, OrgUnit unit, Period period) implements Resolution {}

  public record UnknownKommun() implements Resolution {}

  public record UnknownUnit() implements Resolution {}

  public record InvalidPeriod() implements Resolution {}

  public record PeriodTypeNotReported(ReportKommun kommun, PeriodType given) implements Resolution {}

  private final Pool db;
  private final Supplier<Catalog> catalog;
  private final ReportRepository repository;
  private final Supplier<ReportTemplates> templates;
  private final ZoneId zone;
  private final Clock clock;
  private final Duration timeout;
  private final int concurrent;
  private final WorkerExecutor workers;
  private final AtomicInteger inFlight = new AtomicInteger();

  public ReportService(Vertx vertx, Pool db, Supplier<Catalog> catalog, ReportRepository repository,
      Supplier<ReportTemplates> templates, ZoneId zone, Clock clock, Duration timeout, int concurrent) {
    this.db = db;
    this.catalog = catalog;
    this.repository = repository;
    this.templates = templates;
    this.zone = zone;
    this.clock = clock;
    this.timeout = timeout;
    this.concurrent = concurrent;
    this.workers = vertx.createSharedWorkerExecutor("indikatorvakt-reports", concurrent, timeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** @param unitId empty for the whole förvaltning (the kommun's root unit) */
  public Resolution resolve(String kommunCode, Optional<String> unitId, String periodNotation) {
    Catalog current = catalog.get();
    Optional<ReportKommun> kommun = ReportKommun.of(current).stream()
        .filter(k -> k.code().equals(kommunCode)).findFirst();
    if (kommun.isEmpty()) {
      return new UnknownKommun();
    }
    String unit = unitId.orElse(kommun.get().rootUnit());
    Optional<OrgUnit> found = current.organisation().unit(unit)
        .filter(u -> ReportRepository.unitsBelow(current, kommun.get().rootUnit()).contains(u.id()));
    if (found.isEmpty()) {
      return new UnknownUnit();
    }
    Optional<PeriodType> type = Period.detectType(periodNotation);
    if (type.isEmpty()) {
      return new InvalidPeriod();
    }
    if (!kommun.get().reportPeriods().contains(type.get())) {
      return new PeriodTypeNotReported(kommun.get(), type.get());
    }
    return new Resolved(kommun.get(), found.get(), Period.parse(type.get(), periodNotation));
  }

  public Future<ReportData> data(Resolved report) {
    Catalog current = catalog.get();
    ReportRepository.Request request = new ReportRepository.Request(report.kommun(), report.unit(), report.period(),
        clock.instant(), zone);
    return KommunScope.snapshot(db, Set.of(report.kommun().code()), conn -> repository.load(conn, current, request));
  }

  public Future<byte[]> write(Resolved report, Format format) {
    if (inFlight.incrementAndGet() > concurrent) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new BusyException());
    }
    return data(report)
        .compose(data -> workers.executeBlocking(() -> render(data, format), false))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof TimeoutException ? new TimedOutException(timeout) : e))
        .onComplete(done -> inFlight.decrementAndGet());
  }

  /** Blocking: the HTML for reading in a browser (with "Skriv analys" links) or the PDF for the diarium. */
  byte[] render(ReportData data, Format format) {
    String html = templates.get().report(ReportView.of(data, zone, format == Format.HTML));
    return format == Format.HTML ? html.getBytes(StandardCharsets.UTF_8) : PdfWriter.pdf(html);
  }

  /** The Swedish names of the kommun's period types, for messages a manager reads. */
  public static List<String> swedishNames(List<PeriodType> types) {
    return types.stream().map(ReportService::swedishName).toList();
  }

  public static String swedishName(PeriodType type) {
    return switch (type) {
      case DAY -> "dag";
      case MONTH -> "månad";
      case QUARTER -> "kvartal";
      case TERTIAL -> "tertial";
      case INTERIM -> "delår";
      case HALF_YEAR -> "halvår";
      case YEAR -> "helår";
      case ROLLING_12_MONTHS -> "rullande tolv månader";
    };
  }

  public Future<Void> close() {
    return workers.close();
  }
}
