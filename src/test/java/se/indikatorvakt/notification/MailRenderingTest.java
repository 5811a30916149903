package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.Settings;

/** The wording managers read, rendered from the shipped templates and catalog without any I/O but the files. */
class MailRenderingTest {
  private static final String MANAGER = "enhetschef.daglig-verksamhet@kalmar.example";
  private static final AtomicLong IDS = new AtomicLong();
  private static Catalog catalog;
  private static MailTemplates templates;

  @BeforeAll
  static void load() {
    Settings settings = Settings.load(Map.of("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString()));
    catalog = CatalogLoader.load(Path.of("config"), settings.alerting().defaults()).catalog();
    templates = MailTemplates.load(Optional.empty());
  }

  @Test
  void aFiringAlertHasASubjectAManagerUnderstandsAtAGlance() {
    MailContent mail = render(row(NotificationKind.FIRING, Requests.breach(134)));

    assertThat(mail.subject()).isEqualTo("[Ej uppfyllt] Väntetid till daglig verksamhet enligt LSS (dagar) – "
        + "Daglig verksamhet LSS och sysselsättning SoL: 134 dagar (mål ≤ 90 dagar)");
  }

  @Test
  void theBodySaysWhatTheIndicatorMeansTheValueAgainstTheTargetAndWhyThisPersonGetsIt() {
    MailContent mail = render(row(NotificationKind.FIRING, Requests.breach(134)));

    for (String part : List.of(mail.text(), mail.html())) {
      assertThat(part)
          .contains("Antal dagar som en person med beslut om daglig verksamhet")
          .contains("tertial 1 2022")
          .contains("134 dagar")
          .contains("≤ 90 dagar")
          .contains("120 dagar")
          .contains("ej uppfyllt")
          .contains("bättre")
          .contains("Du får detta som Enhetschef daglig verksamhet för Daglig verksamhet LSS och sysselsättning SoL.");
    }
    assertThat(mail.text())
        .contains("https://grafana.kalmar.example/d/indikator-mot-malvarde/indikator-mot-malvarde?var-indikator="
            + "vantetid-daglig-verksamhet&var-enhet=daglig-verksamhet&var-kon=T")
        .contains("https://indikatorvakt.kalmar.example/api/v1/alerts/");
    assertThat(mail.html()).contains("var-indikator=vantetid-daglig-verksamhet&amp;var-enhet=daglig-verksamhet");
  }

  @Test
  void everyValueIsEscapedInTheHtmlPartButNotInThePlainText() {
    JsonObject facts = Requests.breach(134).put("target", "<script>alert('x')</script> & mer");

    MailContent mail = render(row(NotificationKind.FIRING, facts));

    assertThat(mail.html()).doesNotContain("<script>").contains("&lt;script&gt;").contains("&amp; mer");
    assertThat(mail.text()).contains("<script>alert('x')</script> & mer");
  }

  @Test
  void aResolvedNoticeSaysÅterUppfylltAndHasNoAcknowledgementLink() {
    MailContent mail = render(row(NotificationKind.RESOLVED, Requests.breach(80).put("result", "met")));

    assertThat(mail.subject()).startsWith("[Åter uppfyllt] Väntetid till daglig verksamhet");
    assertThat(mail.text()).contains("uppfyller målvärdet ≤ 90 dagar igen").doesNotContain("/acknowledge");
  }

  @Test
  void anEscalationSaysFromWhomAndAfterHowLong() {
    JsonObject facts = Requests.breach(134)
        .put("escalatedFrom", new JsonObject().put("role", "Enhetschef daglig verksamhet").put("email", MANAGER))
        .put("escalatedAfter", "P7D");

    MailContent mail = render(row(NotificationKind.ESCALATION, facts));

    assertThat(mail.subject()).startsWith("[Eskalerat: ej uppfyllt] ");
    assertThat(mail.text()).contains("Larmet har inte kvitterats på 7 dagar")
        .contains("eskalerats från Enhetschef daglig verksamhet (" + MANAGER + ") efter 7 dagar utan kvittens");
  }

  @Test
  void aReminderAndAMissingReportHaveTheirOwnWording() {
    MailContent reminder = render(row(NotificationKind.REMINDER,
        Requests.breach(134).put("firingSince", "2022-05-12T12:05:00Z")));
    MailContent missing = render(row(NotificationKind.MISSING_REPORT, new JsonObject()
        .put("indicatorId", Requests.INDICATOR).put("period", "2022-T2")));

    assertThat(reminder.subject()).startsWith("[Påminnelse: ej uppfyllt] ");
    assertThat(reminder.text()).contains("fortfarande aktivt sedan 12 maj 2022 kl. 14:05 och ingen har kvitterat det");
    assertThat(missing.subject()).isEqualTo("[Rapportering saknas] Väntetid till daglig verksamhet enligt LSS "
        + "(dagar) – Daglig verksamhet LSS och sysselsättning SoL: tertial 2 2022");
    assertThat(missing.text()).contains("Inget värde har rapporterats för tertial 2 2022")
        .contains("ansvarig för rapporteringen");
  }

  @Test
  void theTrendTableListsTheLastPeriodsWithTheCurrentOneMarked() {
    OutboxRow row = row(NotificationKind.FIRING, Requests.breach(134));
    List<HistoryPoint> history = List.of(new HistoryPoint("2021-T2", 190, "not-met"),
        new HistoryPoint("2021-T3", 175, "not-met"), new HistoryPoint("2022-T1", 134, "not-met"));

    MailContent mail = render(mail(List.of(row)), Map.of(row.id(), history));

    assertThat(mail.text()).contains("tertial 2 2021: 190 dagar (ej uppfyllt)")
        .contains("tertial 1 2022: 134 dagar (ej uppfyllt)  <- denna period");
    assertThat(mail.html()).contains("width=\"100%\"").contains("width=\"71%\"");
  }

  @Test
  void severalAlertsForOneRecipientAreListedInOneEmail() {
    List<OutboxRow> rows = List.of(row(NotificationKind.FIRING, Requests.breach(134)),
        row(NotificationKind.FIRING, Requests.breach(100)), row(NotificationKind.RESOLVED, Requests.breach(80)));

    MailContent mail = render(mail(rows), Map.of());

    assertThat(mail.subject()).isEqualTo("[Indikatorvakt] 3 ärenden: Daglig verksamhet LSS och sysselsättning SoL");
    assertThat(mail.text()).contains("3 ärenden som gäller dig")
        .contains("Ej uppfyllt: Väntetid").contains("Delvis uppfyllt: Väntetid").contains("Åter uppfyllt: Väntetid");
  }

  @Test
  void aDigestSaysWhyItsItemsWaited() {
    List<OutboxRow> rows = List.of(row(NotificationKind.FIRING, Requests.breach(134)),
        row(NotificationKind.FIRING, Requests.breach(150)));

    MailContent mail = render(digest(rows), Map.of());

    assertThat(mail.subject()).isEqualTo("[Sammanfattning] 2 ärenden som väntade på grund av gränsen på 10 mejl per dag");
    assertThat(mail.text()).contains("Gränsen på 10 mejl per dag till dig nåddes");
  }

  @Test
  void aTemplateFolderReplacesTheWordingWithoutARebuild(@TempDir Path folder) throws IOException {
    Files.writeString(folder.resolve("subject.mustache"), "Larm: {{#first}}{{indicatorName}}{{/first}}");

    MailContent mail = MailTemplates.load(Optional.of(folder))
        .render(model().view(mail(List.of(row(NotificationKind.FIRING, Requests.breach(134)))), Map.of()));

    assertThat(mail.subject()).isEqualTo("Larm: Väntetid till daglig verksamhet enligt LSS (dagar)");
    assertThat(mail.text()).contains("134 dagar");
  }

  private static MailContent render(OutboxRow row) {
    return render(mail(List.of(row)), Map.of());
  }

  private static MailContent render(ClaimedMail mail, Map<Long, List<HistoryPoint>> history) {
    return templates.render(model().view(mail, history));
  }

  private static ClaimedMail mail(List<OutboxRow> rows) {
    return new ClaimedMail(UUID.randomUUID(), MANAGER, rows, Optional.of(LocalDate.of(2022, 5, 12)));
  }

  private static ClaimedMail digest(List<OutboxRow> rows) {
    return new ClaimedMail(UUID.randomUUID(), MANAGER, rows, Optional.empty());
  }

  private static MailModel model() {
    return new MailModel(catalog,
        (alertId, recipient) -> "https://indikatorvakt.kalmar.example/api/v1/alerts/" + alertId
            + "/acknowledge?token=signed",
        "https://grafana.kalmar.example", ZoneId.of("Europe/Stockholm"), 10);
  }

  private static OutboxRow row(NotificationKind kind, JsonObject facts) {
    return new OutboxRow(IDS.incrementAndGet(), MANAGER, Requests.ROLE, kind, 42, Requests.UNIT, facts, 1, 0,
        Instant.parse("2022-05-12T12:00:00Z"), false);
  }
}
