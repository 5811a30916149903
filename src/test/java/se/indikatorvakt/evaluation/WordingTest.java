package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordingTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "UPPFYLLT,        uppfyllt,        2,  met",
      "DELVIS_UPPFYLLT, delvis uppfyllt, 1,  partly-met",
      "EJ_UPPFYLLT,     ej uppfyllt,     0,  not-met",
      "INGET_MAL,       inget mål,       -1, no-target",
  })
  void resultHasSwedishWordsMetricScoreAndCode(Result result, String swedish, int score, String code) {
    assertThat(result.swedish()).isEqualTo(swedish);
    assertThat(result.score()).isEqualTo(score);
    assertThat(result.code()).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"BETTER, bättre", "UNCHANGED, oförändrad", "WORSE, sämre"})
  void trendHasSwedishWords(Trend trend, String swedish) {
    assertThat(trend.swedish()).isEqualTo(swedish);
  }

  @ParameterizedTest(name = "{1} -> {0}: {2}")
  @CsvSource({"134, 175, ↘", "175, 134, ↗", "90, 90, →", "-1, 0, ↘"})
  void arrowShowsWhichWayTheValueMoved(double value, double previous, String arrow) {
    assertThat(Trend.arrow(value, previous)).isEqualTo(arrow);
  }
}
