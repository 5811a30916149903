package se.indikatorvakt;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.Settings;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.db.EmbeddedDatabase;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.reporting.ReportService;
import se.indikatorvakt.reporting.Reporting;

/**
 * {@code java -jar indikatorvakt.jar report --kommun 0880 --period 2022-T1 [--unit <id>] --out rapport.pdf}: writes
 * one follow-up report from the configured database (PDF, or HTML when the file name ends in .html) and exits. With
 * no database.url it opens the embedded database in database.embedded.dataDir, which only one process can hold: stop
 * the service first, or give it database.url.
 */
public final class ReportCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final String USAGE_LINE =
      "usage: java -jar indikatorvakt.jar report --kommun <code> --period <period> [--unit <org unit id>] --out <file>";

  private ReportCommand() {}

  public static int run(List<String> args, Settings settings, Clock clock, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (!List.of("--kommun", "--period", "--unit", "--out").contains(name) || i + 1 >= args.size()) {
        problems.add("unknown option or missing value: " + name);
        continue;
      }
      options.put(name, args.get(++i));
    }
    for (String required : List.of("--kommun", "--period", "--out")) {
      if (!options.containsKey(required)) {
        problems.add(required + " is required");
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(problem -> err.println("indikatorvakt report: " + problem));
      err.println(USAGE_LINE);
      return USAGE;
    }
    Path file = Path.of(options.get("--out"));
    ReportService.Format format = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".html")
        ? ReportService.Format.HTML : ReportService.Format.PDF;
    Vertx vertx = Vertx.vertx();
    EmbeddedDatabase embedded = null;
    Pool pool = null;
    try {
      DatabaseUrl url;
      if (settings.database().url().isPresent()) {
        url = settings.database().url().get();
      } else {
        embedded = EmbeddedDatabase.start(settings.database().embeddedDataDir(), settings.database().embeddedPort());
        url = embedded.url();
      }
      Migrations.migrate(url);
      CatalogService catalog = CatalogService.load(vertx, settings.configDir(), settings.alerting().defaults())
          .await(60, TimeUnit.SECONDS);
      pool = DatabasePool.create(vertx, DatabasePool.connectOptions(url, settings.database()), settings.database());
      Reporting reporting = new Reporting(vertx, pool, catalog::current, clock, settings.notification().timeZone(),
          settings.http().publicBaseUrl(), settings.alerting().ackSecret(), settings.alerting().ackLinkValidity(),
          settings.reports());
      reporting.start().await(60, TimeUnit.SECONDS);
      ReportService.Resolution resolution = reporting.reports().resolve(options.get("--kommun"),
          Optional.ofNullable(options.get("--unit")), options.get("--period"));
      if (!(resolution instanceof ReportService.Resolved resolved)) {
        err.println("indikatorvakt report: " + explain(resolution, options));
        return USAGE;
      }
      byte[] report = reporting.reports().write(resolved, format)
          .await(settings.reports().timeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
      Files.write(file, report);
      out.println("Wrote " + file.toAbsolutePath() + " (" + report.length + " bytes): " + resolved.kommun().name()
          + ", " + resolved.unit().name() + ", " + resolved.period().swedishLabel());
      reporting.stop().await(10, TimeUnit.SECONDS);
      return OK;
    } catch (Exception e) {
      err.println("indikatorvakt report: could not write the report: " + e.getMessage());
      return FAILED;
    } finally {
      close(vertx, pool, embedded, err);
    }
  }

  private static String explain(ReportService.Resolution resolution, Map<String, String> options) {
    if (resolution instanceof ReportService.UnknownKommun) {
      return "there is no kommun " + options.get("--kommun") + " in this installation";
    }
    if (resolution instanceof ReportService.UnknownUnit) {
      return "the kommun has no unit " + options.get("--unit");
    }
    if (resolution instanceof ReportService.PeriodTypeNotReported wrong) {
      return wrong.kommun().name() + " follows up in these period types only: "
          + String.join(", ", wrong.kommun().reportPeriods().stream().map(t -> t.code()).toList());
    }
    return "--period must be a period like 2022-T1 (tertial) or 2022 (year)";
  }

  private static void close(Vertx vertx, Pool pool, EmbeddedDatabase embedded, PrintStream err) {
    try {
      if (pool != null) {
        pool.close().await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(10, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.close();
      }
    } catch (Exception e) {
      err.println("indikatorvakt report: did not close cleanly: " + e.getMessage());
    }
  }
}
