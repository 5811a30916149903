package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.RollupRule;

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

  /**
   * The rule is data per goal. "sex av sju" is 000_63e6c9868031b1b7.txt:1253 (read there as a count of indicators
   * met); a bedömning goal is 000_63e6c9868031b1b7.txt:1102 ("Samlad bedömning").
   */
  @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
  @CsvSource(delimiter = '|', value = {
      "all       |      | UPPFYLLT UPPFYLLT EJ_UPPFYLLT                                       | DELVIS_UPPFYLLT",
      "count     | 6    | UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT EJ_UPPFYLLT | UPPFYLLT",
      "count     | 6    | UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT DELVIS_UPPFYLLT EJ_UPPFYLLT | DELVIS_UPPFYLLT",
      "count     | 6    | UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT INGET_MAL            | DELVIS_UPPFYLLT",
      "count     | 2    | EJ_UPPFYLLT EJ_UPPFYLLT                                           | EJ_UPPFYLLT",
      "share     | 0.5  | UPPFYLLT EJ_UPPFYLLT                                              | UPPFYLLT",
      "share     | 0.5  | UPPFYLLT EJ_UPPFYLLT EJ_UPPFYLLT                                  | DELVIS_UPPFYLLT",
      "share     | 0.7  | UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT UPPFYLLT EJ_UPPFYLLT EJ_UPPFYLLT EJ_UPPFYLLT | UPPFYLLT",
      "share     | 0.75 | UPPFYLLT UPPFYLLT DELVIS_UPPFYLLT INGET_MAL INGET_MAL             | DELVIS_UPPFYLLT",
      "share     | 1    | INGET_MAL                                                         | INGET_MAL",
      "judgement |      | UPPFYLLT UPPFYLLT                                                 | INGET_MAL",
  })
  void theGoalsOwnRuleDecides(String rule, Double min, String results, Result rolled) {
    RollupRule rollup = switch (rule) {
      case "count" -> new RollupRule.Count(min.intValue());
      case "share" -> new RollupRule.Share(min);
      case "judgement" -> new RollupRule.Judgement();
      default -> new RollupRule.All();
    };
    List<Result> indicatorResults = Arrays.stream(results.trim().split(" +")).map(Result::valueOf).toList();

    assertThat(GoalRollup.rollUp(rollup, indicatorResults)).isEqualTo(rolled);
  }
}
