package se.indikatorvakt.http.api.reports;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.ParsedHeaderValue;
import java.util.List;
import java.util.Optional;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemException;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.http.auth.Caller;
import se.indikatorvakt.reporting.ReportService;
import se.indikatorvakt.reporting.Reporting;

/**
 * {@code GET /reports?kommun=&unit=&period=}: the follow-up report as HTML (the working copy, with "Skriv analys"
 * links) or PDF/A (the document for the diarium), by the Accept header. A kommun or unit outside the key's scope is
 * answered exactly like one that does not exist.
 */
public final class ReportsApi implements ApiModule {
  static final long BUSY_RETRY_AFTER_SECONDS = 10;

  private final Reporting reporting;
  private final Authentication auth;

  public ReportsApi(Reporting reporting, Authentication auth) {
    this.reporting = reporting;
    this.auth = auth;
  }

  @Override
  public void mount(Router api) {
    api.get("/reports").handler(auth.source()).handler(this::report);
  }

  private void report(RoutingContext ctx) {
    ReportService.Format format = format(ctx);
    ReportService.Resolved report = resolve(ctx, ctx.request().getParam("kommun"),
        Optional.ofNullable(ctx.request().getParam("unit")).filter(u -> !u.isBlank()),
        ctx.request().getParam("period"));
    reporting.reports().write(report, format)
        .onSuccess(bytes -> {
          if (format == ReportService.Format.PDF) {
            Pages.pdf(ctx, "uppfoljningsrapport-" + report.kommun().code() + "-" + report.unit().id() + "-"
                + report.period().notation() + ".pdf", bytes);
          } else {
            Pages.html(ctx, 200, bytes);
          }
        })
        .onFailure(e -> ctx.fail(failure(e)));
  }

  /** Shared by the analyses API: a resolved request the caller's key holds, or the problem why not. */
  ReportService.Resolved resolve(RoutingContext ctx, String kommun, Optional<String> unit, String period) {
    ReportService.Resolution resolution = reporting.reports().resolve(kommun, unit, period);
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    if (resolution instanceof ReportService.UnknownKommun || !caller.holds(kommun)) {
      throw notFound("/query/kommun", "There is no kommun " + kommun + " in this installation for this key.");
    }
    if (resolution instanceof ReportService.UnknownUnit) {
      throw notFound("/query/unit", "The kommun has no such unit for this key.");
    }
    if (resolution instanceof ReportService.InvalidPeriod) {
      throw invalid("/query/period", "period must be a period like 2022-T1 (tertial) or 2022 (year)");
    }
    if (resolution instanceof ReportService.PeriodTypeNotReported wrong) {
      String types = String.join(", ", wrong.kommun().reportPeriods().stream().map(t -> t.code()).toList());
      String swedish = String.join(", ", ReportService.swedishNames(wrong.kommun().reportPeriods()));
      throw invalid("/query/period", wrong.kommun().name() + " follows up in these period types only: " + types
          + " (" + swedish + "); " + period + " is a " + wrong.given().code() + " period");
    }
    ReportService.Resolved resolved = (ReportService.Resolved) resolution;
    List<String> chain = reporting.catalog().organisation().chainUpwards(resolved.unit().id()).stream()
        .map(OrgUnit::id).toList();
    if (!caller.mayWriteOrgUnit(chain)) {
      throw unit.isPresent() ? notFound("/query/unit", "The kommun has no such unit for this key.")
          : notFound("/query/kommun", "There is no kommun " + kommun + " in this installation for this key.");
    }
    return resolved;
  }

  /** PDF when the client prefers it, HTML for a browser or no preference; anything else is 406. */
  private static ReportService.Format format(RoutingContext ctx) {
    List<ParsedHeaderValue> accepted = List.copyOf(ctx.parsedHeaders().accept());
    if (accepted.isEmpty()) {
      return ReportService.Format.HTML;
    }
    for (ParsedHeaderValue value : accepted) {
      String type = value.value().toLowerCase(java.util.Locale.ROOT);
      if (type.equals("application/pdf") || type.equals("application/*")) {
        return ReportService.Format.PDF;
      }
      if (type.equals("text/html") || type.equals("text/*") || type.equals("*/*")) {
        return ReportService.Format.HTML;
      }
    }
    throw new ProblemException(Problem.of(406, ProblemType.NOT_ACCEPTABLE,
        "The report is served as text/html or application/pdf; ask for one of them in Accept."));
  }

  static Throwable failure(Throwable e) {
    if (e instanceof ReportService.BusyException) {
      return new ProblemException(Problem.of(503, ProblemType.REPORTS_BUSY,
          "Every report worker is busy; retry shortly."), BUSY_RETRY_AFTER_SECONDS);
    }
    if (e instanceof ReportService.TimedOutException) {
      return new ProblemException(Problem.of(503, ProblemType.REPORT_TIMEOUT,
          e.getMessage() + "; retry later or ask for a smaller unit."), BUSY_RETRY_AFTER_SECONDS);
    }
    return e;
  }

  static ProblemException notFound(String pointer, String detail) {
    return new ProblemException(new Problem(404, ProblemType.NOT_FOUND, detail,
        List.of(new Problem.FieldError(pointer, detail))));
  }

  static ProblemException invalid(String pointer, String detail) {
    return new ProblemException(new Problem(422, ProblemType.INVALID_QUERY, detail,
        List.of(new Problem.FieldError(pointer, detail))));
  }
}
