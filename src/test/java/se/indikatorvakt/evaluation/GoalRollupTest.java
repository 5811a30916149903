package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoalRollupTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource({
      "'',                                       INGET_MAL",
      "INGET_MAL,                                INGET_MAL",
      "INGET_MAL INGET_MAL,                      INGET_MAL",
      "UPPFYLLT,                                 UPPFYLLT",
      "UPPFYLLT UPPFYLLT INGET_MAL,              UPPFYLLT",
      "EJ_UPPFYLLT,                              EJ_UPPFYLLT",
      "EJ_UPPFYLLT EJ_UPPFYLLT INGET_MAL,        EJ_UPPFYLLT",
      "DELVIS_UPPFYLLT,                          DELVIS_UPPFYLLT",
      "UPPFYLLT EJ_UPPFYLLT,                     DELVIS_UPPFYLLT",
      "UPPFYLLT DELVIS_UPPFYLLT,                 DELVIS_UPPFYLLT",
      "DELVIS_UPPFYLLT EJ_UPPFYLLT,              DELVIS_UPPFYLLT",
      "UPPFYLLT UPPFYLLT UPPFYLLT EJ_UPPFYLLT,   DELVIS_UPPFYLLT",
  })
  void goalResultRollsUpItsIndicatorsIgnoringThoseWithoutTarget(String results, Result rolled) {
    List<Result> indicatorResults = Arrays.stream(results.split(" ")).filter(s -> !s.isEmpty()).map(Result::valueOf)
        .toList();

    assertThat(GoalRollup.rollUp(indicatorResults)).isEqualTo(rolled);
  }
}
