package se.indikatorvakt.http.api.acknowledgements;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.alerting.AlertKind;
import se.indikatorvakt.alerting.AlertRow;
import se.indikatorvakt.alerting.AlertState;
import se.indikatorvakt.alerting.Severity;
import se.indikatorvakt.alerting.TestCatalog;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.Organisation;
import se.indikatorvakt.evaluation.Result;

class AckPagesTest {
  private final AckPages pages = AckPages.load(ZoneId.of("Europe/Stockholm"), Duration.ofDays(14));
  private final Catalog catalog = new Catalog(List.of(new Kommun(new Kommun.Profile("0880", "Kalmar kommun",
      "Socialnämnden", "Socialförvaltningen", "daglig-verksamhet", new Kommun.Sender("indikatorvakt@kalmar.example",
      Optional.empty()), Optional.empty(), List.of(), TestCatalog.policy(1, Duration.ZERO, 5, true), Optional.empty()),
      new Organisation("Kalmar kommun", "0880", "daglig-verksamhet", List.of()), List.of(),
      List.of(TestCatalog.vantetid(TestCatalog.policy(1, Duration.ZERO, 5, true))))));

  @Test
  void everyValueOnThePageIsEscaped() {
    AlertRow alert = alert("<script>alert(1)</script>", "enhet\"><img src=x>");
    String page = pages.form(alert, catalog, "1.a.b", "Kommentar <b>fet</b> & \"citat\"", Optional.empty());
    assertThat(page).doesNotContain("<script>", "<img", "<b>fet")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "enhet&quot;&gt;&lt;img src=x&gt;",
            "Kommentar &lt;b&gt;fet&lt;/b&gt; &amp; &quot;citat&quot;");
  }

  @Test
  void valuesReadAsSwedish() {
    AlertRow alert = alert("vantetid-daglig-verksamhet", "daglig-verksamhet");
    alert.value = 134.5;
    alert.gender = Optional.of(Gender.K);
    String page = pages.form(alert, catalog, "1.a.b", "", Optional.empty());
    assertThat(page).contains("134,5 dagar", "tertial 1 2022", "Kvinnor", "Ej uppfyllt", "2 maj 2022 kl. 10:00",
        "Jag hanterar detta");
  }

  @Test
  void refusalsSayWhatToDo() {
    assertThat(pages.refused(true)).contains("Länken har gått ut", "14 dagar").doesNotContain("<form");
    assertThat(pages.refused(false)).contains("Länken är ogiltig");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "P14D|14 dagar",
      "P1D|1 dag",
      "PT36H|1 dag och 12 timmar",
      "PT5H|5 timmar",
      "PT1H|1 timme",
      "PT1H30M|1 timme och 30 minuter",
      "PT45M|45 minuter",
      "PT20S|mindre än en minut",
  })
  void anExpiredLinkSaysHowLongLinksAreValidInWordsThatFit(Duration validity, String words) {
    assertThat(AckPages.load(ZoneId.of("Europe/Stockholm"), validity).refused(true))
        .contains("Länkar i e-post gäller i " + words + ".").doesNotContain("0 dagar");
  }

  private static AlertRow alert(String indicator, String unit) {
    AlertRow alert = new AlertRow();
    alert.id = 7;
    alert.kind = AlertKind.BREACH;
    alert.indicatorId = indicator;
    alert.orgUnitId = unit;
    alert.gender = Optional.of(Gender.T);
    alert.state = AlertState.FIRING;
    alert.severity = Severity.CRITICAL;
    alert.period = "2022-T1";
    alert.value = 134.0;
    alert.result = Result.EJ_UPPFYLLT;
    alert.targetText = "≤ 90 dagar";
    alert.firingSince = Instant.parse("2022-05-02T08:00:00Z");
    return alert;
  }
}
