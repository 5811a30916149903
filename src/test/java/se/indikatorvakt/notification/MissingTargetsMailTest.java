package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;

/**
 * The yearly list of lapsed målvärden as its reader sees it, rendered from the shipped templates and catalog: a
 * subject a phone shows whole, verdict first; the names and last målvärden in words; the kön where the target was a
 * kön's own; the row's own text where the catalog no longer has the target.
 */
class MissingTargetsMailTest {
  private static Catalog catalog;
  private static MailTemplates templates;

  @BeforeAll
  static void load() {
    Settings settings = Settings.load(Map.of("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString()));
    catalog = CatalogLoader.load(Path.of("config"), settings.alerting().defaults()).catalog();
    templates = MailTemplates.load(Optional.empty());
  }

  @Test
  void oneLapsedTargetIsNamedInTheSubjectAndSaidInWords() {
    MailContent mail = render(new JsonArray().add(item("hme-placering-jamforelsekommuner", "socialforvaltningen", "T",
        "2022", "topp 3")), 2023);

    assertThat(mail.subject()).isEqualTo("Målvärde saknas för 2023: HME-placering – Kalmar kommun")
        .hasSizeLessThanOrEqualTo(SubjectLine.MAX);
    assertThat(mail.text())
        .contains("Du får det här mejlet som kvalitetsledare i Kalmar kommun")
        .contains("Ett målvärde som gällde under 2022 saknas för 2023.")
        .contains("- HME-index, placering bland jämförelsekommunerna – Socialförvaltningen: "
            + "målvärdet topp 3 gällde till och med 2022.");
  }

  @Test
  void aTargetTheCatalogNoLongerHasIsShownFromTheRowAndAKönsOwnSaysSo() {
    MailContent mail = render(new JsonArray()
        .add(item("antal-langtidssjukskrivna", "vo-vuxen", "K", "2026-12", "≤ 4 st"))
        .add(item("finns-inte-langre", "vo-vuxen", "T", "2026-T3", "≥ 90 %")), 2027);

    assertThat(mail.subject()).isEqualTo("Målvärde saknas för 2027: 2 indikatorer – Kalmar kommun");
    assertThat(mail.text())
        .contains("2 målvärden som gällde under 2026 saknas för 2027.")
        .contains("Verksamhetsområde vuxen, kvinnor: målvärdet högst 4 st gällde till och med december 2026.")
        .contains("- finns-inte-langre – Verksamhetsområde vuxen: målvärdet minst 90 % gällde till och med 2026-T3.");
    assertThat(mail.html()).contains("<td>Verksamhetsområde vuxen, kvinnor</td>");
  }

  @Test
  void everyValueIsEscapedInTheHtmlPart() {
    MailContent mail = render(new JsonArray().add(item("<b>x</b>", "vo-vuxen", "T", "2026", "<script>")), 2027);
    assertThat(mail.html()).doesNotContain("<b>x</b>").doesNotContain("<script>").contains("&lt;b&gt;x&lt;/b&gt;");
  }

  private static JsonObject item(String indicator, String unit, String gender, String period, String target) {
    return new JsonObject().put("indicatorId", indicator).put("orgUnit", unit).put("gender", gender)
        .put("lastPeriod", period).put("lastTarget", target);
  }

  private static MailContent render(JsonArray items, int year) {
    OutboxRow row = new OutboxRow(1, "kvalitetsledare.soc@kalmar.example", "Kvalitetsledare",
        NotificationKind.YEARLY_TARGETS_MISSING, 0, "socialforvaltningen",
        new JsonObject().put("kommun", "0880").put("year", year).put("items", items), 1, 0, Instant.EPOCH, false);
    MailContent mail = templates.render(MissingTargetsMail.view(catalog, row, "https://grafana.kalmar.example"));
    return mail;
  }
}
