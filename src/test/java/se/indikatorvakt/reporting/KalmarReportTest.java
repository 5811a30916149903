package se.indikatorvakt.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.ReportCommand;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.Settings;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Kalmar's tertialrapport april 2022 written by the service from the seed values, read as a person reads it: the
 * PDF's text against the database, every page as an image, the HTML for escaping, and an analysis written through
 * the link page found in the report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KalmarReportTest {
  /** The day the socialnämnd met over the tertialrapport (000_63e6c9868031b1b7.txt): tertial 1 has ended. */
  static final Instant NOW = Instant.parse("2022-05-24T08:00:00Z");
  private static final String REPORT = "/api/v1/reports?kommun=0880&period=2022-T1";
  /** Rad 1081: the "Samlad bedömning" of VO barn och familj (rad 1079), bedömt "Delvis uppfyllt" (rad 1075). */
  static final String KORTTID = "Den samlade bedömningen av utvecklingsområdet Rätt utnyttjade resurser ska ge "
      + "kostnadseffektiv korttidsverksamhet visar att trenden delvis är positiv. Kostnaderna per närvarodygn ligger "
      + "närmare målvärdet i jämförelse med tidigare år men totalkostnad internt har en negativ utveckling för ett "
      + "kostnadseffektivt arbete så att resurserna utnyttjas på bästa sätt för den enskilde.";
  /** Rad 171, the Kommentar under "Fordon och transporter" (rad 160), bedömt "Delvis uppfyllt" (rad 166). */
  static final String FORDON = "I dagsläget körs 87% av förvaltningens bilar på fossilbränslefritt bränsle. "
      + "Detta är en ökning från 2021.";

  private static DatabaseUrl database;
  private static Map<String, String> env;
  private static TestService service;
  private static Http http;
  private static ProofDb db;
  private static byte[] tertialReport;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", KalmarSeed.configWithScopedKey().toString());
    service = TestService.start(env, Clock.fixed(NOW, ZoneOffset.UTC));
    http = new Http(service.apiPort());
    db = new ProofDb(database);
    KalmarSeed.post(http);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    TestDatabases.drop(database);
  }

  /**
   * The shipped example (README): written by the command line from the seed values, before any other test adds
   * analyses, with the document's own analysis of väntetid till daglig verksamhet (000_63e6c9868031b1b7.txt lines
   * 1314–1320) written through the API as the verksamhet would, and two of the document's bedömningar of goals: one
   * the nämnd judges by hand (Fordon och transporter) and one beside its computed roll-up (kostnadseffektiv
   * korttidsverksamhet).
   */
  @Test
  @Order(1)
  void theCommandLineWritesKalmarsTertialReport() throws IOException {
    assertThat(http.postJson("/api/v1/assessments", goalAssessment("uo-kostnadseffektiv-korttidsverksamhet", KORTTID,
        "VO barn och familj"), KalmarSeed.ADMIN).status()).isEqualTo(201);
    assertThat(http.postJson("/api/v1/assessments", goalAssessment("fordon-och-transporter", FORDON,
        "Socialnämnden i Kalmar"), KalmarSeed.ADMIN).status()).isEqualTo(201);
    Http.Response written = http.postJson("/api/v1/analyses", new JsonObject().put("kommun", "0880")
        .put("indicator", "vantetid-daglig-verksamhet").put("orgUnit", "daglig-verksamhet").put("period", "2022-T1")
        .put("analysis", "Väntetiden till daglig verksamhet har minskat med nästan 25 % och är på väg i rätt riktning."
            + "\nOrsak: väntetiden minskar genom ett aktivt arbete med matchning av behov mot tillgänglig verksamhet. "
            + "Ett omställningsarbete är påbörjat för att tydliggöra för brukaren vad hen kan förvänta sig av sin "
            + "verkställighet.")
        .put("actions", "Kartläggning av matcha-processen genomförs. Ett utvecklingsarbete har startats för att verka "
            + "för fler platser inom daglig verksamhet/sysselsättning, vilket ska medföra en högre flexibilitet."),
        KalmarSeed.ADMIN);
    assertThat(written.status()).isEqualTo(201);
    Path out = Path.of("target", "rapport-kalmar-2022-T1.pdf");
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream complained = new java.io.ByteArrayOutputStream();
    int status = ReportCommand.run(List.of("--kommun", "0880", "--period", "2022-T1", "--out", out.toString()),
        Settings.load(env), Clock.fixed(NOW, ZoneOffset.UTC), new java.io.PrintStream(said, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(complained, true, StandardCharsets.UTF_8));
    assertThat(status).as(complained.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(said.toString(StandardCharsets.UTF_8)).contains("Wrote", "Kalmar kommun", "tertial 1 2022");
    String text = text(Files.readAllBytes(out));
    assertThat(text).contains("Uppföljningsrapport tertial 1 2022", "Utfall 134 dagar", "Målvärde högst 90 dagar",
        "Analys Väntetiden till daglig verksamhet har minskat med nästan 25 %");
    assertThat(text).contains("Nämndens bedömning: Delvis uppfyllt – " + KORTTID + " (VO barn och familj, 24 maj 2022)",
        "Nämndens bedömning: Delvis uppfyllt – " + FORDON + " (Socialnämnden i Kalmar, 24 maj 2022)");
    assertThat(text).as("the overview shows the computed roll-up with the bedömning beside it").contains(
        "Rätt utnyttjade resurser ska ge kostnadseffektiv korttidsverksamhet Delvis uppfyllt nämndens bedömning: "
            + "Delvis uppfyllt 0 av 1 mått uppfyllda");
    assertThat(text).as("a goal judged by hand takes its bedömning as its result")
        .contains("Fordon och transporter Delvis uppfyllt", "(nämndens bedömning; inget mått bedömt)");

    assertThat(ReportCommand.run(List.of("--kommun", "0880", "--period", "2022-Q1", "--out", out.toString()),
        Settings.load(env), Clock.fixed(NOW, ZoneOffset.UTC), new java.io.PrintStream(said, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(complained, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(complained.toString(StandardCharsets.UTF_8)).contains("tertial, year");
  }

  @Test
  void pdfShowsTheValuesAndVerdictsThatAreInTheDatabase() throws IOException {
    byte[] pdf = tertialReport();
    Path copy = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"), "rapport-api-2022-T1.pdf");
    Files.createDirectories(copy.getParent());
    Files.write(copy, pdf);
    String text = text(pdf);

    assertThat(text).contains("Uppföljningsrapport tertial 1 2022", "Kalmar kommun", "Socialnämnden",
        "Socialförvaltningen", "24 maj 2022").doesNotContain("PRELIMINÄR", "Skriv analys");
    List<Map<String, Object>> shown = db.rows("""
        SELECT indicator_id, value, result FROM measurement
         WHERE gender = 'T' AND period IN ('2022-T1', '2022-D4') ORDER BY indicator_id""");
    assertThat(shown).hasSizeGreaterThanOrEqualTo(12);
    for (Map<String, Object> row : shown) {
      String name = indicatorName((String) row.get("indicator_id"));
      int at = text.indexOf(name);
      assertThat(at).as("%s is in the report", name).isGreaterThanOrEqualTo(0);
      String section = text.substring(at, Math.min(text.length(), at + 700));
      assertThat(section).as("value of %s", name)
          .contains("Utfall " + SwedishFormat.number(((Number) row.get("value")).doubleValue()));
      assertThat(section).as("verdict of %s", name)
          .contains("Bedömning " + SwedishFormat.verdict(Result.fromCode((String) row.get("result")).orElseThrow()));
    }
    assertThat(text).contains("Väntetid till daglig verksamhet enligt LSS (dagar)", "Utfall 134 dagar",
        "Målvärde högst 90 dagar", "Bedömning Ej uppfyllt", "Målvärde under 35 dagar", "Utfall 23 dagar",
        "Bedömning Uppfyllt");
    assertThat(text).contains("Ej verkställda beslut att rapportera till IVO, kvartal 1 2022", "19 st", "57 st",
        "SoL 16 kap. 6 f §", "LSS 28 f §");
    assertThat(text).contains("Öppna larm", "Ej kvitterat");
    assertThat(text).containsPattern("[A-ZÅÄÖ][a-zåäö]+ av [0-9a-zåäö]+ mål uppfyll");

    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getDocumentCatalog().getOutputIntents()).as("PDF/A output intent").isNotEmpty();
      String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
      assertThat(xmp).contains("pdfaid:part").contains("2");
      for (var page : document.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          assertThat(page.getResources().getFont(name).isEmbedded()).as("font %s is embedded", name).isTrue();
        }
      }
    }
  }

  @Test
  void everyPageIsAnA4ImageWithSomethingOnIt() throws IOException {
    byte[] pdf = tertialReport();
    boolean anyRed = false;
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(3);
      PDFRenderer renderer = new PDFRenderer(document);
      for (int page = 0; page < document.getNumberOfPages(); page++) {
        BufferedImage image = renderer.renderImageWithDPI(page, 40, ImageType.RGB);
        assertThat((double) image.getHeight() / image.getWidth()).as("page %d is A4", page + 1)
            .isCloseTo(297.0 / 210.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(image.getWidth()).isBetween(325, 335);
        int ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
          for (int x = 0; x < image.getWidth(); x++) {
            int rgb = image.getRGB(x, y) & 0xffffff;
            if (rgb != 0xffffff) {
              ink++;
            }
            int r = rgb >> 16 & 0xff;
            int g = rgb >> 8 & 0xff;
            int b = rgb & 0xff;
            anyRed |= r > 150 && g < 60 && b < 70;
          }
        }
        assertThat(ink).as("page %d has text or drawings", page + 1).isGreaterThan(image.getWidth() * 10);
      }
    }
    assertThat(anyRed).as("ej uppfyllt is drawn in red somewhere (with its words)").isTrue();
  }

  @Test
  void aPeriodThatHasNotEndedIsPreliminaryOnEveryPage() throws IOException {
    byte[] pdf = pdf("/api/v1/reports?kommun=0880&period=2022-T2");
    try (PDDocument document = Loader.loadPDF(pdf)) {
      for (int page = 1; page <= document.getNumberOfPages(); page++) {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        assertThat(stripper.getText(document)).as("page %d", page).contains("PRELIMINÄR");
      }
    }
  }

  @Test
  void anAnalysisWrittenThroughTheLinkPageIsInTheReport() throws IOException {
    String link = analysisLink("vantetid-daglig-verksamhet", "daglig-verksamhet");
    long before = db.count("SELECT count(*) FROM analyses");
    Http.Response page = http.get(link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Skriv analys", "Väntetid till daglig verksamhet", "tertial 1 2022");
    assertThat(db.count("SELECT count(*) FROM analyses")).as("a GET stores nothing").isEqualTo(before);

    Map<String, String> form = hiddenFields(page.body());
    form.put("analysis", "Väntetiden har minskat från 175 till 134 dagar.\nBristen på platser kvarstår.");
    form.put("actions", "Fler platser öppnas i augusti.");
    Http.Response saved = http.post("/api/v1/analyses/page", "application/x-www-form-urlencoded", encode(form));
    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.body()).contains("Tack – analysen är sparad");
    assertThat(db.rows("SELECT author, version FROM analyses WHERE indicator_id = 'vantetid-daglig-verksamhet'"))
        .anySatisfy(row -> assertThat(row.get("author")).asString().startsWith("link:")
            .contains("@kalmar"));

    form.put("analysis", "Gäller " + KalmarSeed.personnummer() + " som väntar.");
    Http.Response refused = http.post("/api/v1/analyses/page", "application/x-www-form-urlencoded", encode(form));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("personnummer").doesNotContain(KalmarSeed.personnummer(), "121212");
    assertThat(db.count("SELECT count(*) FROM analyses WHERE analysis LIKE '%121212%'")).isZero();

    String text = text(pdf(REPORT)).replaceAll("\\s+", " ");
    assertThat(text).contains("Analys Väntetiden har minskat från 175 till 134 dagar.",
        "Åtgärder Fler platser öppnas i augusti.");
  }

  /** A bedömning of an indicator stands beside the computed verdict in both formats, its texts escaped in HTML. */
  @Test
  void anIndicatorsBedomningIsPrintedBesideItsComputedVerdictAndEscaped() throws IOException {
    String hostile = "Tre av fem <b>ökade</b> & \"två\" <script>alert(1)</script> minskade";
    Http.Response recorded = http.postJson("/api/v1/assessments", new JsonObject().put("kommun", "0880")
        .put("indicator", "beslut-inom-skalig-tid").put("orgUnit", "myndighet-funktionsstod-vuxen")
        .put("period", "2022-T1").put("verdict", "partly-met").put("motivation", hostile)
        .put("assessedBy", "Nämnd <i>x</i>"), KalmarSeed.ADMIN);
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

    Http.Response html = http.get(REPORT, "Accept", "text/html", KalmarSeed.SOURCE[0], KalmarSeed.SOURCE[1]);
    assertThat(html.body()).doesNotContain("<b>ökade", "<script>alert(1)", "<i>x")
        .contains("Nämndens bedömning:", "Tre av fem &lt;b&gt;ökade&lt;/b&gt; &amp; &quot;två&quot; "
            + "&lt;script&gt;alert(1)&lt;/script&gt; minskade", "Nämnd &lt;i&gt;x&lt;/i&gt;, 24 maj 2022");
    String text = text(pdf(REPORT));
    int at = text.indexOf("Nämndens bedömning: Delvis uppfyllt – Tre av fem <b>ökade</b> & \"två\" <script>");
    assertThat(at).as("the bedömning in the PDF's text").isPositive();
    assertThat(text.substring(at)).contains("minskade (Nämnd <i>x</i>, 24 maj 2022)");
    String indicator = text.substring(text.lastIndexOf("Beslut inom skälig tid – utredningstid", at), at);
    assertThat(indicator).as("the computed verdict stays beside it").contains("Bedömning Ej uppfyllt");
  }

  @Test
  void everyUserWrittenTextIsEscapedInTheHtml() {
    String hostile = "<script>alert('x')</script> & \"citat\" <img src=x onerror=alert(1)>";
    Http.Response written = http.postJson("/api/v1/analyses", new JsonObject().put("kommun", "0880")
        .put("indicator", "beslut-inom-skalig-tid").put("orgUnit", "myndighet-funktionsstod-vuxen")
        .put("period", "2022-T1").put("analysis", hostile).put("actions", hostile + " åtgärd"), KalmarSeed.ADMIN);
    assertThat(written.status()).isEqualTo(201);
    long alert = (Long) db.rows("SELECT id FROM alert WHERE indicator_id = 'ej-verkstallda-beslut-lss'").get(0)
        .get("id");
    assertThat(http.postJson("/api/v1/alerts/" + alert + "/acknowledge", new JsonObject()
        .put("comment", "Kvittens <b>fet</b> & <script>x()</script>"), KalmarSeed.ADMIN).status()).isEqualTo(200);

    Http.Response html = http.get(REPORT, "Accept", "text/html", KalmarSeed.SOURCE[0], KalmarSeed.SOURCE[1]);
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.header("Content-Type")).startsWith("text/html");
    assertThat(html.body()).doesNotContain("<script", "<img", "<b>fet")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;citat&quot; &lt;img src=x",
            "Kvittens &lt;b&gt;fet&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;", "Skriv analys", "<svg");
  }

  @Test
  void analysesKeepEveryVersionAndRefuseAPersonnummerWithoutRepeatingIt() {
    JsonObject analysis = new JsonObject().put("kommun", "0880").put("indicator", "dygnskostnad-daglig-verksamhet")
        .put("orgUnit", "daglig-verksamhet").put("period", "2022-T1");
    assertThat(http.postJson("/api/v1/analyses", analysis.copy().put("analysis", "Första"), KalmarSeed.ADMIN)
        .json().getInteger("version")).isEqualTo(1);
    Http.Response second = http.postJson("/api/v1/analyses", analysis.copy().put("analysis", "Andra")
        .put("actions", "Ses över"), KalmarSeed.ADMIN);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().getInteger("version")).isEqualTo(2);
    assertThat(second.json().getString("author")).isEqualTo("admin:development-admin");

    Http.Response versions = http.get("/api/v1/analyses?kommun=0880&indicator=dygnskostnad-daglig-verksamhet"
        + "&orgUnit=daglig-verksamhet&period=2022-T1", KalmarSeed.SOURCE);
    assertThat(versions.json().getInteger("count")).isEqualTo(2);
    assertThat(versions.json().getJsonArray("items").getJsonObject(0).getString("analysis")).isEqualTo("Andra");

    Http.Response refused = http.postJson("/api/v1/analyses", analysis.copy()
        .put("actions", "Ring " + KalmarSeed.personnummer()), KalmarSeed.ADMIN);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/actions");
    assertThat(refused.body()).doesNotContain(KalmarSeed.personnummer(), "121212");
    assertThat(db.count("SELECT count(*) FROM analyses WHERE indicator_id = 'dygnskostnad-daglig-verksamhet'"))
        .isEqualTo(2);

    assertThat(http.postJson("/api/v1/analyses", analysis.copy().put("analysis", "x")).status()).isEqualTo(401);
    String otherUnitsToken = token("dygnskostnad-daglig-verksamhet", "vo-vuxen", "2022-T1", NOW);
    assertThat(http.postJson("/api/v1/analyses", analysis.copy().put("analysis", "x").put("token", otherUnitsToken))
        .status()).isEqualTo(403);
  }

  @Test
  void anExpiredLinkShowsWhyAndStoresNothing() {
    String expired = token("vantetid-daglig-verksamhet", "daglig-verksamhet", "2022-T1",
        NOW.minus(Duration.ofDays(15)));
    Http.Response page = http.get("/api/v1/analyses/page?kommun=0880&indicator=vantetid-daglig-verksamhet"
        + "&orgUnit=daglig-verksamhet&period=2022-T1&token=" + expired);
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.body()).contains("Länken har gått ut").doesNotContain("<form");
  }

  @Test
  void aKommunOrUnitTheKeyDoesNotHoldIsNotFoundAndAnotherPeriodTypeIsNamed() {
    assertThat(http.get("/api/v1/reports?kommun=9999&period=2022-T1", KalmarSeed.SOURCE).status()).isEqualTo(404);
    assertThat(http.get(REPORT + "&unit=ingen-sadan-enhet", KalmarSeed.SOURCE).status()).isEqualTo(404);
    assertThat(http.get(REPORT + "&unit=vo-barn-och-familj", KalmarSeed.SCOPED).status()).isEqualTo(404);
    assertThat(http.get(REPORT, KalmarSeed.SCOPED).status()).as("the whole förvaltning is not the scoped key's")
        .isEqualTo(404);
    Http.Response own = http.get(REPORT + "&unit=vo-funktionsstod-vuxen", KalmarSeed.SCOPED);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body()).contains("Verksamhetsområde funktionsstöd vuxen", "Beslut inom skälig tid")
        .doesNotContain("Tid från beslut till påbörjad insats, öppenvård barn och familj");

    Http.Response quarter = http.get("/api/v1/reports?kommun=0880&period=2022-Q1", KalmarSeed.SOURCE);
    assertThat(quarter.status()).isEqualTo(422);
    assertThat(quarter.header("Content-Type")).startsWith("application/problem+json");
    assertThat(quarter.json().getString("detail")).contains("tertial, year", "tertial, helår");
    assertThat(quarter.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/query/period");
    assertThat(http.get(REPORT, "Accept", "image/png", KalmarSeed.SOURCE[0], KalmarSeed.SOURCE[1]).status())
        .isEqualTo(406);
    assertThat(http.get(REPORT).status()).isEqualTo(401);
  }

  /** Written once for the tests that only read it: a PDF takes seconds on a loaded machine. */
  private static synchronized byte[] tertialReport() {
    if (tertialReport == null) {
      tertialReport = pdf(REPORT);
    }
    return tertialReport;
  }

  private static byte[] pdf(String path) {
    try {
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(http.builder(path, "Accept", "application/pdf",
          KalmarSeed.SOURCE[0], KalmarSeed.SOURCE[1]).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as("GET %s: %s", path, new String(response.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String text(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(document).replaceAll("[ \\t\\u00a0]+", " ")
          .replaceAll(" ?\\R ?", "\n").replace("\n", " ");
    }
  }

  private static JsonObject goalAssessment(String goal, String motivation, String by) {
    return new JsonObject().put("kommun", "0880").put("goal", goal).put("period", "2022-T1")
        .put("verdict", "partly-met").put("motivation", motivation).put("assessedBy", by);
  }

  private static String indicatorName(String id) {
    return http.get("/api/v1/indicators/" + id, KalmarSeed.SOURCE).json().getString("name");
  }

  private static String analysisLink(String indicator, String unit) {
    Http.Response html = http.get(REPORT, "Accept", "text/html", KalmarSeed.SOURCE[0], KalmarSeed.SOURCE[1]);
    Matcher link = Pattern.compile("href=\"https?://[^/\"]+(/api/v1/analyses/page\\?[^\"]*indicator=" + indicator
        + "&amp;orgUnit=" + unit + "&amp;[^\"]*)\"").matcher(html.body());
    assertThat(link.find()).as("a Skriv analys link for %s in %s", indicator, unit).isTrue();
    return link.group(1).replace("&amp;", "&");
  }

  private static Map<String, String> hiddenFields(String page) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([a-zA-Z]+)\" value=\"([^\"]*)\">").matcher(page);
    while (hidden.find()) {
      fields.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
    }
    return fields;
  }

  private static String encode(Map<String, String> form) {
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  private static String token(String indicator, String unit, String period, Instant madeAt) {
    return new AnalysisLinks("http://localhost", "dev-indikatorvakt-ack-secret-not-for-production", Duration.ofDays(14),
        Clock.fixed(madeAt, ZoneOffset.UTC)).token(new AnalysisLinks.Subject("0880", indicator, unit, period),
        "verksamhetschef@kalmar.example");
  }
}
