package se.indikatorvakt.http.api.acknowledgements;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.indikatorvakt.alerting.AckService;
import se.indikatorvakt.alerting.AlertRow;
import se.indikatorvakt.alerting.AlertState;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.catalog.SwedishNumbers;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;

/**
 * The pages behind the acknowledgement link, in Swedish: the alert with a form (GET, which changes nothing), the
 * confirmation, and the refusals. Rendered from {@code alerting/acknowledge.mustache}; every value is escaped by the
 * template engine.
 */
public final class AckPages {
  public static final int MAX_COMMENT = 1000;
  private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");
  private static final Mustache.Escaper HTML = Escapers.simple(new String[][] {
      {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}, {"`", "&#96;"}});

  private final Template template;
  private final Duration linkValidity;
  private final DateTimeFormatter time;

  private AckPages(Template template, ZoneId zone, Duration linkValidity) {
    this.template = template;
    this.linkValidity = linkValidity;
    this.time = DateTimeFormatter.ofPattern("d MMMM yyyy 'kl.' HH:mm", SWEDISH).withZone(zone);
  }

  /** Blocking resource read: call on a worker thread. */
  public static AckPages load(ZoneId zone, Duration linkValidity) {
    try (InputStream in = AckPages.class.getClassLoader().getResourceAsStream("alerting/acknowledge.mustache")) {
      if (in == null) {
        throw new IllegalStateException("alerting/acknowledge.mustache is missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Template template = Mustache.compiler().withEscaper(HTML).emptyStringIsFalse(true).nullValue("")
          .compile(text);
      return new AckPages(template, zone, linkValidity);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the acknowledgement page template: " + e.getMessage(), e);
    }
  }

  public String form(AlertRow alert, Catalog catalog, String token, String comment, Optional<String> problem) {
    Map<String, Object> page = page(problem.isPresent() ? "Kommentaren kunde inte sparas" : "Kvittera larm",
        problem.orElse("Kvittera för att visa att du hanterar avvikelsen."));
    page.put("alert", alert(alert, catalog));
    page.put("form", Map.of("token", token, "comment", comment, "maxComment", MAX_COMMENT));
    return template.execute(page);
  }

  public String alreadyAcknowledged(AlertRow alert, Catalog catalog) {
    Map<String, Object> page = page("Larmet är redan kvitterat",
        "Någon har redan tagit hand om larmet; påminnelser och eskalering är stoppade.");
    page.put("alert", alert(alert, catalog));
    return template.execute(page);
  }

  public String acknowledged(AlertRow alert, Catalog catalog) {
    Map<String, Object> page = page("Tack – larmet är kvitterat",
        "Påminnelser och eskalering har stoppats. Kvitteringen finns i larmets historik.");
    page.put("alert", alert(alert, catalog));
    return template.execute(page);
  }

  public String notOpen(AlertRow alert, Catalog catalog) {
    Map<String, Object> page = page("Larmet är inte längre aktivt",
        "Larmet har redan avslutats och behöver inte kvitteras.");
    page.put("alert", alert(alert, catalog));
    return template.execute(page);
  }

  public String refused(boolean expired) {
    return template.execute(page("Länken fungerar inte", expired
        ? "Länken har gått ut. Länkar i e-post gäller i " + validity(linkValidity) + ". Kontakta "
            + "systemförvaltaren om larmet fortfarande behöver kvitteras."
        : "Länken är ogiltig. Kontrollera att hela länken från e-postmeddelandet kom med."));
  }

  /** "14 dagar", "1 dag och 12 timmar", "5 timmar", "30 minuter": a link valid less than a day is not "0 dagar". */
  static String validity(Duration validity) {
    long days = validity.toDays();
    long hours = validity.toHoursPart();
    long minutes = validity.toMinutesPart();
    String dayText = days == 1 ? "1 dag" : days + " dagar";
    String hourText = hours == 1 ? "1 timme" : hours + " timmar";
    String minuteText = minutes == 1 ? "1 minut" : minutes + " minuter";
    if (days > 0) {
      return hours > 0 ? dayText + " och " + hourText : dayText;
    }
    if (hours > 0) {
      return minutes > 0 ? hourText + " och " + minuteText : hourText;
    }
    return minutes > 0 ? minuteText : "mindre än en minut";
  }

  public String notFound() {
    return template.execute(page("Larmet finns inte", "Det finns inget larm med det numret."));
  }

  private static Map<String, Object> page(String heading, String message) {
    Map<String, Object> page = new HashMap<>();
    page.put("heading", heading);
    page.put("message", message);
    return page;
  }

  private Map<String, Object> alert(AlertRow a, Catalog catalog) {
    Optional<Indicator> indicator = catalog.indicator(a.indicatorId);
    Map<String, Object> view = new HashMap<>();
    view.put("indicatorName", indicator.map(Indicator::name).orElse(a.indicatorId));
    view.put("unitName", catalog.organisation().unit(a.orgUnitId).map(OrgUnit::name).orElse(a.orgUnitId));
    a.gender.filter(g -> g != Gender.T).ifPresent(g -> view.put("gender", g == Gender.K ? "Kvinnor" : "Män"));
    view.put("period", indicator.flatMap(i -> label(i, a.period)).orElse(a.period));
    if (a.value != null) {
      String symbol = indicator.map(i -> i.unit().symbol()).orElse("");
      view.put("value", SwedishNumbers.format(a.value) + (symbol.isEmpty() ? "" : " " + symbol));
    }
    view.put("target", a.targetText);
    view.put("assessment", assessment(a));
    view.put("assessmentClass", a.severity == Severity.CRITICAL ? "ej-uppfyllt"
        : a.severity == Severity.WARNING ? "delvis-uppfyllt" : "");
    view.put("state", state(a.state));
    if (a.firingSince != null && a.state == AlertState.FIRING) {
      view.put("since", time.format(a.firingSince));
    }
    if (a.acknowledgedAt != null) {
      view.put("acknowledged", time.format(a.acknowledgedAt) + " av " + who(a.acknowledgedBy));
    }
    return view;
  }

  private static Optional<String> label(Indicator indicator, String notation) {
    try {
      return Optional.of(Period.parse(indicator.periodType(), notation).swedishLabel());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String assessment(AlertRow a) {
    if (a.severity == Severity.MISSING_REPORT) {
      return "Rapportering saknas";
    }
    return Optional.ofNullable(a.result).map(r -> capitalised(r.swedish()))
        .orElse(a.severity == Severity.CRITICAL ? "Ej uppfyllt" : "Delvis uppfyllt");
  }

  private static String state(AlertState state) {
    return switch (state) {
      case PENDING -> "Väntar (bekräftas om avvikelsen består)";
      case FIRING -> "Aktivt";
      case RESOLVED -> "Åtgärdat";
      case INACTIVE -> "Avslutat";
    };
  }

  private static String who(String actor) {
    if (actor == null) {
      return "okänd";
    }
    if (actor.startsWith(AckService.LINK_ACTOR)) {
      return actor.substring(AckService.LINK_ACTOR.length());
    }
    if (actor.startsWith(AckService.ADMIN_ACTOR)) {
      return "administratör (" + actor.substring(AckService.ADMIN_ACTOR.length()) + ")";
    }
    return actor;
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
