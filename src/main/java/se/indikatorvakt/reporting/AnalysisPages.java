package se.indikatorvakt.reporting;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;

/**
 * The Swedish pages behind the "Skriv analys" link: the form (GET, which changes nothing), the confirmation, and
 * the refusals. Every value is escaped by the template engine.
 */
public final class AnalysisPages {
  private final ReportTemplates templates;
  private final ZoneId zone;

  public AnalysisPages(ReportTemplates templates, ZoneId zone) {
    this.templates = templates;
    this.zone = zone;
  }

  /**
   * @param current the newest version, whose texts fill the form
   * @param problem in Swedish, when the texts just sent were refused; the refused texts are then not shown again
   *     if they held a personnummer
   */
  public String form(Catalog catalog, AnalysisLinks.Subject subject, String token, Optional<Analysis> current,
      String analysis, String actions, Optional<String> problem) {
    Map<String, Object> page = page(problem.isPresent() ? "Analysen kunde inte sparas" : "Skriv analys",
        problem.orElse("Skriv vad utfallet visar och vad ni gör. Den senaste versionen visas i uppföljningsrapporten."),
        problem.isPresent());
    page.put("subject", subject(catalog, subject, current));
    Map<String, Object> form = new HashMap<>();
    form.put("kommun", subject.kommun());
    form.put("indicatorId", subject.indicator());
    form.put("orgUnitId", subject.orgUnit());
    form.put("periodCode", subject.period());
    form.put("token", token);
    form.put("analysis", analysis);
    form.put("actions", actions);
    form.put("maxText", AnalysisInput.MAX_TEXT);
    page.put("form", form);
    return templates.analysisPage(page);
  }

  public String saved(Catalog catalog, AnalysisLinks.Subject subject, Analysis saved) {
    Map<String, Object> page = page("Tack – analysen är sparad", "Version " + saved.version()
        + " är sparad och visas i uppföljningsrapporten. Länken fungerar tills den går ut om du vill ändra något.",
        false);
    page.put("subject", subject(catalog, subject, Optional.of(saved)));
    return templates.analysisPage(page);
  }

  public String refused(boolean expired, long validityDays) {
    return templates.analysisPage(page("Länken fungerar inte", expired
        ? "Länken har gått ut. Länkar gäller i " + validityDays + " dagar. Öppna uppföljningsrapporten igen för en "
            + "ny länk, eller kontakta systemförvaltaren."
        : "Länken är ogiltig. Kontrollera att hela länken kom med.", true));
  }

  public String notFound() {
    return templates.analysisPage(page("Måttet finns inte", "Länken pekar på ett mått, en enhet eller en period "
        + "som inte finns.", true));
  }

  private Map<String, Object> subject(Catalog catalog, AnalysisLinks.Subject subject, Optional<Analysis> current) {
    Optional<Indicator> indicator = catalog.indicator(subject.indicator());
    Map<String, Object> view = new HashMap<>();
    view.put("indicator", indicator.map(Indicator::name).orElse(subject.indicator()));
    view.put("unit", catalog.organisation().unit(subject.orgUnit()).map(OrgUnit::name).orElse(subject.orgUnit()));
    view.put("period", indicator.map(i -> Period.parse(i.periodType(), subject.period()).swedishLabel())
        .orElse(subject.period()));
    current.ifPresent(a -> view.put("written", SwedishFormat.dateTime(a.writtenAt(), zone) + " av "
        + Analysis.authorInWords(a.author()) + " (version " + a.version() + ")"));
    return view;
  }

  private static Map<String, Object> page(String heading, String message, boolean problem) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", heading);
    page.put("message", message);
    page.put("messageClass", problem ? "problem" : "");
    return page;
  }
}
