package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.evaluation.Result;

class DomainSnapshotTest {
  private static final Instant NOW = Instant.parse("2024-05-02T08:00:00Z");
  static final CatalogView CATALOG = new CatalogView(
      Map.of("vantetid", new CatalogView.IndicatorInfo("vantetid", "Väntetid till daglig verksamhet", "dagar",
              "tertial", List.of("tillganglig")),
          "andel", new CatalogView.IndicatorInfo("andel", "Andel nöjda", "procent", "year", List.of("tillganglig"))),
      Map.of("norr", new CatalogView.UnitInfo("norr", "Daglig verksamhet Norr", "enhet", "soc"),
          "soder", new CatalogView.UnitInfo("soder", "Daglig verksamhet Söder", "enhet", "soc"),
          "soc", new CatalogView.UnitInfo("soc", "Socialförvaltningen", "forvaltning", "")),
      Map.of("tillganglig", new CatalogView.GoalInfo("tillganglig", "Tillgänglig vård och omsorg")));

  static SeriesReading reading(String indicator, String unit, String gender, Result result) {
    return new SeriesReading(indicator, unit, gender, 134, result, OptionalDouble.of(90),
        OptionalDouble.of(120), NOW.minusSeconds(3600));
  }

  private static DomainSnapshot snapshot(List<SeriesReading> readings, int maxSeries) {
    return DomainSnapshot.of(readings, List.of(), Map.of(), Optional.empty(), CATALOG, maxSeries, NOW, 0);
  }

  @Test
  void whenTheLimitBitesTheSeriesLeadersMustSeeKeepTheirGauges() {
    List<SeriesReading> readings = List.of(
        reading("andel", "norr", "T", Result.UPPFYLLT),
        reading("vantetid", "soder", "T", Result.INGET_MAL),
        reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT),
        reading("andel", "soder", "T", Result.DELVIS_UPPFYLLT));
    DomainSnapshot snapshot = snapshot(readings, 2);
    assertThat(snapshot.series()).extracting(SeriesReading::result)
        .containsExactly(Result.EJ_UPPFYLLT, Result.DELVIS_UPPFYLLT);
    assertThat(snapshot.dropped()).extracting(SeriesReading::result)
        .containsExactly(Result.UPPFYLLT, Result.INGET_MAL);
  }

  @Test
  void theChoiceUnderTheLimitIsTheSameWhateverOrderTheRowsCameIn() {
    List<SeriesReading> readings = List.of(
        reading("andel", "soder", "K", Result.EJ_UPPFYLLT),
        reading("andel", "norr", "T", Result.EJ_UPPFYLLT),
        reading("andel", "norr", "M", Result.EJ_UPPFYLLT));
    List<SeriesReading> reversed = List.of(readings.get(2), readings.get(1), readings.get(0));
    assertThat(snapshot(readings, 2).series()).isEqualTo(snapshot(reversed, 2).series());
  }

  @ParameterizedTest(name = "{0} / {1} / {2} gets no gauge")
  @CsvSource({"finns-inte, norr, T", "andel, nedlagd-enhet, T", "andel, norr, X"})
  void aSeriesOutsideTheCatalogInForceGetsNoGaugeAndIsNotCounted(String indicator, String unit, String gender) {
    DomainSnapshot snapshot = snapshot(List.of(reading(indicator, unit, gender, Result.EJ_UPPFYLLT)), 100);
    assertThat(snapshot.series()).isEmpty();
    assertThat(snapshot.dropped()).isEmpty();
    assertThat(snapshot.seriesByResult().get(Result.EJ_UPPFYLLT)).containsEntry("T", 0);
  }

  @Test
  void seriesAreCountedByResultAndGenderIncludingTheDroppedOnes() {
    DomainSnapshot snapshot = snapshot(List.of(
        reading("andel", "norr", "T", Result.EJ_UPPFYLLT),
        reading("andel", "soder", "T", Result.EJ_UPPFYLLT),
        reading("andel", "soder", "K", Result.UPPFYLLT)), 1);
    assertThat(snapshot.seriesByResult().get(Result.EJ_UPPFYLLT)).containsEntry("T", 2).containsEntry("K", 0);
    assertThat(snapshot.seriesByResult().get(Result.UPPFYLLT)).containsEntry("K", 1);
    assertThat(snapshot.seriesByResult().get(Result.INGET_MAL)).containsOnlyKeys("T", "K", "M");
  }

  @Test
  void aGoalRollsUpTheTotalSeriesOfItsIndicatorsOnly() {
    DomainSnapshot snapshot = snapshot(List.of(
        reading("andel", "norr", "T", Result.UPPFYLLT),
        reading("vantetid", "norr", "T", Result.INGET_MAL),
        reading("vantetid", "soder", "K", Result.EJ_UPPFYLLT)), 100);
    assertThat(snapshot.goals()).containsEntry("tillganglig", Result.UPPFYLLT);
  }

  @Test
  void everyOutboxStateIsShownAlsoWhenEmpty() {
    DomainSnapshot snapshot = DomainSnapshot.of(List.of(), List.of(), Map.of("dead", 3L), Optional.empty(), CATALOG,
        10, NOW, 0);
    assertThat(snapshot.outbox()).containsEntry("dead", 3L).containsEntry("pending", 0L)
        .containsEntry("sending", 0L).containsEntry("folded", 0L);
  }
}
