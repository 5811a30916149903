package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
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
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;

/**
 * The wording managers read, rendered from the shipped templates and catalog without any I/O but the files: each
 * outcome in its own words, every alert as it stands when the email is composed, subjects a phone shows whole.
 */
class MailRenderingTest {
  private static final String MANAGER = "enhetschef.daglig-verksamhet@kalmar.example";
  private static final AtomicLong IDS = new AtomicLong();
  private static final Instant FIRED = Instant.parse("2022-05-12T12:05:00Z");
  private static Catalog catalog;
  private static MailTemplates templates;

  @BeforeAll
  static void load() {
    Settings settings = Settings.load(Map.of("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString()));
    catalog = CatalogLoader.load(Path.of("config"), settings.alerting().defaults()).catalog();
    templates = MailTemplates.load(Optional.empty());
  }

  @Test
  void aFiringAlertHasAShortSubjectVerdictFirstNumberEarly() {
    MailContent mail = render(row(NotificationKind.FIRING, 1, "T", Requests.breach(134)));

    assertThat(mail.subject())
        .isEqualTo("Ej uppfyllt: Väntetid daglig verksamhet 134 d (mål högst 90) – DV LSS och SoL")
        .hasSizeLessThanOrEqualTo(SubjectLine.MAX);
  }

  @Test
  void theBodySaysTheValueItsDistanceTheTargetInWordsAndWhyThisPersonGetsIt() {
    MailContent mail = render(row(NotificationKind.FIRING, 1, "T", Requests.breach(134)));

    for (String part : List.of(mail.text(), mail.html())) {
      assertThat(part)
          .contains("Antal dagar som en person med beslut om daglig verksamhet")
          .contains("44 dagar över målvärdet")
          .contains("Målvärdet är högst 90 dagar och varningsgränsen 120 dagar")
          .contains("ej uppfyllt")
          .contains("Indikatorvakt har ett larm som gäller dig som enhetschef daglig verksamhet.")
          .contains("Du får detta som enhetschef daglig verksamhet för Daglig verksamhet LSS och sysselsättning SoL.")
          .doesNotContain("ärende").doesNotContain("≤").doesNotContain("Enhetschef daglig verksamhet");
    }
    assertThat(mail.text())
        .contains("https://grafana.kalmar.example/d/indikator-mot-malvarde/indikator-mot-malvarde?var-kommun=0880&var-indikator="
            + "vantetid-daglig-verksamhet&var-enhet=daglig-verksamhet&var-kon=T")
        .contains("https://indikatorvakt.kalmar.example/api/v1/alerts/");
    assertThat(mail.html()).contains("var-indikator=vantetid-daglig-verksamhet&amp;var-enhet=daglig-verksamhet");
  }

  @Test
  void theGrafanaLinkOpensTheDashboardOnTheKommunOfTheAlertsUnit() {
    JsonObject facts = Requests.breach(4).put("indicatorId", "herrljunga-interna-sip-samordnare")
        .put("indicatorName", "Rutin för interna samordnare av individuella planer (SIP), antal").put("unit", "antal")
        .put("period", "2021").put("target", "≥ 10").put("targetValue", 10).putNull("warningValue")
        .put("result", "not-met").put("severity", "critical");
    OutboxRow row = new OutboxRow(IDS.incrementAndGet(), "socialchef@herrljunga.example", "Socialchef",
        NotificationKind.FIRING, 1, "herrljunga-socialforvaltningen", facts, 1, 0, FIRED, false, "1466");

    MailContent mail = render(row);

    assertThat(mail.text()).contains("/d/indikator-mot-malvarde/indikator-mot-malvarde?var-kommun=1466"
        + "&var-indikator=herrljunga-interna-sip-samordnare&var-enhet=herrljunga-socialforvaltningen&var-kon=T");
  }

  @Test
  void everyValueIsEscapedInTheHtmlPartButNotInThePlainText() {
    JsonObject facts = Requests.breach(134).put("indicatorId", "okand-indikator")
        .put("indicatorName", "<script>alert('x')</script> & mer");

    MailContent mail = render(row(NotificationKind.FIRING, 1, "T", facts));

    assertThat(mail.html()).doesNotContain("<script>").contains("&lt;script&gt;").contains("&amp; mer");
    assertThat(mail.text()).contains("<script>alert('x')</script> & mer");
  }

  /** The README's example: 134 dagar in 2022-T1 (ej uppfyllt), then 134 dagar for 2026-T3, a period without målvärde. */
  @Test
  void aPeriodWithoutTargetIsItsOwnOutcomeNeverAnnouncedAsMet() {
    JsonObject facts = Requests.breach(134).put("period", "2026-T3").put("result", "no-target");
    OutboxRow row = row(NotificationKind.TARGET_MISSING, 1, "T", facts);

    MailContent mail = render(mail(List.of(row), Map.of(1L, open(1, "T", 134, "not-met"))), Map.of());

    assertThat(mail.subject())
        .isEqualTo("Målvärde saknas: Väntetid daglig verksamhet tertial 3 2026 – DV LSS och SoL")
        .hasSizeLessThanOrEqualTo(SubjectLine.MAX);
    assertThat(mail.text())
        .contains("Värdet för tertial 3 2026 är 134 dagar, men för den perioden finns inget målvärde")
        .contains("Det betyder inte att målet är uppfyllt")
        .contains("Larmet står kvar: senast bedömda värde är 134 dagar för tertial 1 2022, ej uppfyllt")
        .contains("Den som ansvarar för katalogen har fått samma besked")
        .doesNotContain("Åter uppfyllt").doesNotContain("uppfyller").doesNotContain("Ingen åtgärd behövs");
  }

  @Test
  void theCatalogOwnerIsAskedToAddTheTarget() {
    JsonObject facts = Requests.breach(134).put("period", "2026-T3").put("catalogOwner", true);
    OutboxRow row = new OutboxRow(IDS.incrementAndGet(), "administrativ.chef.soc@kalmar.example",
        "Administrativ chef", NotificationKind.TARGET_MISSING, 1, Requests.UNIT, facts, 1, 0, FIRED, false,
        Requests.KOMMUN);

    MailContent mail = render(mail(List.of(row), Map.of(1L, open(1, "T", 134, "not-met"))), Map.of());

    assertThat(mail.text()).contains("Lägg in målvärdet för perioden i katalogen")
        .contains("Du får detta som ansvarig för katalogen (administrativ chef).");
  }

  @Test
  void metAgainRevisedAwayAndAcknowledgedEachHaveTheirOwnWordsAndNoAcknowledgementLink() {
    MailContent met = render(mail(List.of(row(NotificationKind.RESOLVED, 1, "T", Requests.breach(134))),
        Map.of(1L, closed(1, 85, "recovered"))), Map.of());
    MailContent revised = render(mail(List.of(row(NotificationKind.RESOLVED, 2, "T", Requests.breach(91))),
        Map.of(2L, closed(2, 89, "revision"))), Map.of());
    MailContent acknowledged = render(mail(List.of(row(NotificationKind.ACKNOWLEDGED, 3, "T", Requests.breach(134))),
        Map.of(3L, acknowledged(3, "link:socialchef@kalmar.example"))), Map.of());

    assertThat(met.subject()).isEqualTo("Åter uppfyllt: Väntetid daglig verksamhet 85 d (mål högst 90) – DV LSS "
        + "och SoL");
    assertThat(met.text()).contains("Värdet för tertial 1 2022 är 85 dagar, 5 dagar under målvärdet. Det uppfyller "
        + "målvärdet högst 90 dagar igen, och larmet har upphört.");
    assertThat(revised.subject()).startsWith("Rättat värde: Väntetid daglig verksamhet 89 d");
    assertThat(revised.text()).contains("Värdet som larmet gällde har rättats: värdet för tertial 1 2022 är nu "
        + "89 dagar mot målvärdet högst 90 dagar").doesNotContain("uppfyllt igen");
    assertThat(acknowledged.subject()).startsWith("Kvitterat: Väntetid daglig verksamhet");
    assertThat(acknowledged.text()).contains("Larmet har kvitterats av socialchef (socialchef@kalmar.example)")
        .contains("med kommentaren: \"Vi öppnar fler platser.\"");
    for (MailContent mail : List.of(met, revised, acknowledged)) {
      assertThat(mail.text()).doesNotContain("/acknowledge").contains("Du får detta eftersom du fick larmet som "
          + "enhetschef daglig verksamhet.");
    }
  }

  @Test
  void anEscalationSaysFromWhomAndAfterHowLong() {
    JsonObject facts = Requests.breach(134)
        .put("escalatedFrom", new JsonObject().put("role", "Enhetschef daglig verksamhet").put("email", MANAGER))
        .put("escalatedAfter", "P7D");

    MailContent mail = render(row(NotificationKind.ESCALATION, 1, "T", facts));

    assertThat(mail.subject()).startsWith("Eskalerat, ej uppfyllt: ");
    assertThat(mail.text()).contains("Larmet har inte kvitterats på 7 dagar")
        .contains("eskalerats från enhetschef daglig verksamhet (" + MANAGER + ") efter 7 dagar utan kvittens");
  }

  @Test
  void aReminderAndAMissingReportHaveTheirOwnWording() {
    MailContent reminder = render(row(NotificationKind.REMINDER, 1, "T",
        Requests.breach(134).put("firingSince", FIRED.toString())));
    MailContent missing = render(row(NotificationKind.MISSING_REPORT, 2, "T", new JsonObject()
        .put("indicatorId", Requests.INDICATOR).put("period", "2022-T2")));

    assertThat(reminder.subject()).startsWith("Påminnelse, ej uppfyllt: ");
    assertThat(reminder.text()).contains("Larmet har varit aktivt sedan 12 maj 2022 kl. 14:05 och ingen har "
        + "kvitterat det");
    assertThat(missing.subject()).isEqualTo("Rapportering saknas: Väntetid daglig verksamh… tertial 2 2022 – "
        + "DV LSS och SoL");
    assertThat(missing.text()).contains("Inget värde har rapporterats för tertial 2 2022")
        .contains("ansvarig för rapporteringen");
  }

  @Test
  void theTrendComparesWithTheSamePeriodAYearEarlierWhenThePeriodBeforeIsMissing() {
    OutboxRow row = row(NotificationKind.FIRING, 1, "T", Requests.breach(134));
    List<HistoryPoint> history = List.of(new HistoryPoint("2021-T1", 175, "not-met"),
        new HistoryPoint("2021-T2", 190, "not-met"), new HistoryPoint("2022-T1", 134, "not-met"));
    MailModel.SeriesHistory series = new MailModel.SeriesHistory(history,
        Optional.of(new MailModel.TrendBase("2021-T1", 175, true)));

    MailContent mail = render(mail(List.of(row), Map.of()), Map.of(row.id(), series));

    assertThat(mail.text())
        .contains("Trend jämfört med samma period ett år tidigare (tertial 1 2021), eftersom perioden före saknas: "
            + "bättre ↘")
        .contains("tertial 2 2021: 190 dagar (ej uppfyllt)")
        .contains("tertial 1 2022: 134 dagar (ej uppfyllt)  <- denna period");
    assertThat(mail.html()).contains("width=\"100%\"").contains("width=\"71%\"");
  }

  /**
   * A grouped burst: three series were breached within the window; since then one recovered (85, which the trend
   * table also says) and one was acknowledged. Each is shown as it stands now, one line per series, worst first;
   * only the one still open carries a live link; the indicator is described once.
   */
  @Test
  void aGroupedEmailShowsEachAlertAsItStandsWhenComposedWorstFirst() {
    List<OutboxRow> rows = List.of(row(NotificationKind.FIRING, 11, "T", Requests.breach(100)),
        row(NotificationKind.FIRING, 12, "K", Requests.breach(134)),
        row(NotificationKind.FIRING, 13, "M", Requests.breach(130)),
        row(NotificationKind.RESOLVED, 11, "T", Requests.breach(85)));
    Map<Long, CurrentAlert> now = Map.of(11L, closed(11, 85, "recovered"), 12L, open(12, "K", 134, "not-met"),
        13L, acknowledged(13, "admin:kvalitet"));

    MailContent mail = render(mail(rows, now), Map.of());

    assertThat(mail.subject()).isEqualTo("3 larm, 1 ej uppfyllt – DV LSS och SoL");
    String text = mail.text();
    assertThat(text).contains("Indikatorvakt har 3 larm som gäller dig som enhetschef daglig verksamhet.")
        .contains("Sedan de kom har två av dem avslutats eller kvitterats.");
    assertThat(text.indexOf("Ej uppfyllt: Väntetid")).isLessThan(text.indexOf("Kvitterat: Väntetid"));
    assertThat(text.indexOf("Kvitterat: Väntetid")).isLessThan(text.indexOf("Åter uppfyllt: Väntetid"));
    assertThat(text.split("/acknowledge", -1)).hasSize(2);
    assertThat(text.split("Vad indikatorn mäter", -1)).hasSize(2);
    assertThat(text).contains("av en administratör (kvalitet)").doesNotContain("100 dagar");
  }

  @Test
  void aDigestSaysWhyItsItemsWaited() {
    List<OutboxRow> rows = List.of(row(NotificationKind.FIRING, 1, "T", Requests.breach(134)),
        row(NotificationKind.FIRING, 2, "K", Requests.breach(150)));

    MailContent mail = render(digest(rows), Map.of());

    assertThat(mail.subject()).isEqualTo("Sammanfattning: 2 larm, 2 ej uppfyllt – DV LSS och SoL");
    assertThat(mail.text()).contains("Gränsen på 10 mejl per dag till dig nåddes, så de här 2 larmen väntade");
  }

  /**
   * Klarspråk as the municipal writing guides put it (språklagen 11 §: "vårdat, enkelt och begripligt"; a sentence of
   * more than about 20 words reads as hard): every outcome's own sentences stay short, and no code, English word or
   * symbol of the data reaches the reader. The catalog's description of the indicator is the nämnd's text, not ours.
   */
  @Test
  void everyOutcomeIsWrittenInShortSwedishSentencesWithoutCodesOrSymbols() {
    JsonObject escalated = Requests.breach(134)
        .put("escalatedFrom", new JsonObject().put("role", "Enhetschef daglig verksamhet").put("email", MANAGER))
        .put("escalatedAfter", "P7D");
    Map<String, MailContent> outcomes = new java.util.LinkedHashMap<>();
    outcomes.put("firing", render(row(NotificationKind.FIRING, 1, "T", Requests.breach(134))));
    outcomes.put("reminder", render(row(NotificationKind.REMINDER, 1, "T",
        Requests.breach(134).put("firingSince", FIRED.toString()))));
    outcomes.put("escalation", render(row(NotificationKind.ESCALATION, 1, "T", escalated)));
    outcomes.put("missing report", render(row(NotificationKind.MISSING_REPORT, 2, "T", new JsonObject()
        .put("indicatorId", Requests.INDICATOR).put("period", "2022-T2"))));
    outcomes.put("target missing", render(mail(List.of(row(NotificationKind.TARGET_MISSING, 1, "T",
        Requests.breach(134).put("period", "2026-T3").put("result", "no-target"))),
        Map.of(1L, open(1, "T", 134, "not-met"))), Map.of()));
    outcomes.put("met again", render(mail(List.of(row(NotificationKind.RESOLVED, 1, "T", Requests.breach(134))),
        Map.of(1L, closed(1, 85, "recovered"))), Map.of()));
    outcomes.put("revised", render(mail(List.of(row(NotificationKind.RESOLVED, 2, "T", Requests.breach(91))),
        Map.of(2L, closed(2, 89, "revision"))), Map.of()));
    outcomes.put("acknowledged", render(mail(List.of(row(NotificationKind.ACKNOWLEDGED, 3, "T",
        Requests.breach(134))), Map.of(3L, acknowledged(3, "link:socialchef@kalmar.example"))), Map.of()));
    outcomes.put("grouped", render(mail(List.of(row(NotificationKind.FIRING, 11, "T", Requests.breach(100)),
        row(NotificationKind.FIRING, 12, "K", Requests.breach(134)),
        row(NotificationKind.RESOLVED, 11, "T", Requests.breach(85))),
        Map.of(11L, closed(11, 85, "recovered"), 12L, open(12, "K", 134, "not-met"))), Map.of()));
    outcomes.put("digest", render(digest(List.of(row(NotificationKind.FIRING, 1, "T", Requests.breach(134)),
        row(NotificationKind.FIRING, 2, "K", Requests.breach(150)))), Map.of()));

    outcomes.forEach((outcome, mail) -> {
      for (String line : mail.text().split("\n")) {
        if (line.startsWith("Vad indikatorn mäter") || line.contains("://") || line.startsWith("=")) {
          continue;
        }
        for (String sentence : line.split("(?<=[.!?:])\\s+")) {
          assertThat(sentence.trim().split("\\s+")).as("%s: \"%s\"", outcome, sentence).hasSizeLessThanOrEqualTo(24);
        }
        assertThat(line).as(outcome)
            .doesNotContainPattern("\\b(not-met|partly-met|met|no-target|breach|firing|alert|target|null|true|false)\\b")
            .doesNotContain("≤").doesNotContain("≥").doesNotContain("; ").doesNotContain("{{").doesNotContain("Optional");
      }
    });
  }

  /** Every indicator of the shipped catalog at every unit, in the longest wording: the subject still fits. */
  @Test
  void everySubjectOfTheShippedCatalogFitsAPhone() {
    for (Indicator indicator : catalog.indicators()) {
      for (OrgUnit unit : catalog.organisation().units()) {
        String subject = SubjectLine.of("Påminnelse, delvis uppfyllt", indicator.shortName(),
            "-12\u00a0345,67 tkr (mål minst -10\u00a0000)", unit.shortName());
        assertThat(subject).as(indicator.id() + " at " + unit.id()).hasSizeLessThanOrEqualTo(SubjectLine.MAX);
      }
    }
  }

  @Test
  void aTemplateFolderReplacesTheWordingWithoutARebuild(@TempDir Path folder) throws IOException {
    Files.writeString(folder.resolve("subject.mustache"), "Larm: {{#first}}{{indicatorName}}{{/first}}");

    MailContent mail = MailTemplates.load(Optional.of(folder))
        .render(model().view(mail(List.of(row(NotificationKind.FIRING, 1, "T", Requests.breach(134))), Map.of()),
            Map.of()));

    assertThat(mail.subject()).isEqualTo("Larm: Väntetid till daglig verksamhet enligt LSS (dagar)");
    assertThat(mail.text()).contains("134 dagar");
  }

  private static MailContent render(OutboxRow row) {
    return render(mail(List.of(row), Map.of()), Map.of());
  }

  private static MailContent render(ClaimedMail mail, Map<Long, MailModel.SeriesHistory> history) {
    return templates.render(model().view(mail, history));
  }

  private static ClaimedMail mail(List<OutboxRow> rows, Map<Long, CurrentAlert> alerts) {
    return new ClaimedMail(UUID.randomUUID(), MANAGER, rows, Optional.of(LocalDate.of(2022, 5, 12)),
        new HashMap<>(alerts));
  }

  private static ClaimedMail digest(List<OutboxRow> rows) {
    return new ClaimedMail(UUID.randomUUID(), MANAGER, rows, Optional.empty(), Map.of());
  }

  private static MailModel model() {
    return new MailModel(catalog,
        (alertId, recipient) -> "https://indikatorvakt.kalmar.example/api/v1/alerts/" + alertId
            + "/acknowledge?token=signed",
        "https://grafana.kalmar.example", ZoneId.of("Europe/Stockholm"), 10);
  }

  private static CurrentAlert open(long id, String gender, double value, String result) {
    return new CurrentAlert(id, true, "critical", Requests.INDICATOR, Requests.UNIT, gender, "2022-T1", value, result,
        "≤ 90 dagar", 90.0, 120.0, "better", Optional.of(FIRED), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static CurrentAlert closed(long id, double value, String cause) {
    return new CurrentAlert(id, false, "critical", Requests.INDICATOR, Requests.UNIT, "T", "2022-T1", value, "met",
        "≤ 90 dagar", 90.0, 120.0, "better", Optional.of(FIRED), Optional.of(FIRED.plusSeconds(3600)),
        Optional.of(cause), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static CurrentAlert acknowledged(long id, String by) {
    return new CurrentAlert(id, true, "critical", Requests.INDICATOR, Requests.UNIT, id == 13 ? "M" : "T", "2022-T1",
        130.0, "not-met", "≤ 90 dagar", 90.0, 120.0, "better", Optional.of(FIRED), Optional.empty(),
        Optional.empty(), Optional.of(FIRED.plusSeconds(600)), Optional.of(by),
        Optional.of("Vi öppnar fler platser."), Optional.empty());
  }

  private static OutboxRow row(NotificationKind kind, long alertId, String gender, JsonObject facts) {
    return new OutboxRow(IDS.incrementAndGet(), MANAGER, Requests.ROLE, kind, alertId, Requests.UNIT,
        facts.copy().put("gender", gender), 1, 0, Instant.parse("2022-05-12T12:00:00Z"), false, Requests.KOMMUN);
  }
}
