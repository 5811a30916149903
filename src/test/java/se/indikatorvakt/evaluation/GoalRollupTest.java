package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

  /**
   * A recorded bedömning decides a goal only under the rule judgement; under all, share and count it stands beside the
   * computed roll-up and never changes it. Rows from 000_63e6c9868031b1b7.txt: "Fordon och transporter" (rad 160,
   * rule judgement) bedömt "Delvis uppfyllt" (rad 166); "Rätt utnyttjade resurser ska ge kostnadseffektiv
   * korttidsverksamhet" (rad 1069, rule all) bedömt "Delvis uppfyllt" (rad 1075) beside its indicators' verdicts.
   */
  @ParameterizedTest(name = "{0}: {1} {2} [{3}] with bedömning {4} -> {5} / {6}")
  @CsvSource(delimiter = '|', value = {
      "rad 160–166, judgement with bedömning   | judgement |     | UPPFYLLT                    | DELVIS_UPPFYLLT | partly-met    | delvis uppfyllt",
      "judgement, no bedömning yet             | judgement |     | UPPFYLLT UPPFYLLT           |                 | no-assessment | bedömning saknas",
      "judgement, nothing measured either      | judgement |     | INGET_MAL                   |                 | no-assessment | bedömning saknas",
      "judgement, bedömning without any values | judgement |     | INGET_MAL                   | EJ_UPPFYLLT     | not-met       | ej uppfyllt",
      "rad 1069–1075, all: computed stays      | all       |     | UPPFYLLT EJ_UPPFYLLT        | DELVIS_UPPFYLLT | partly-met    | delvis uppfyllt",
      "all: a bedömning never lifts it         | all       |     | EJ_UPPFYLLT EJ_UPPFYLLT     | UPPFYLLT        | not-met       | ej uppfyllt",
      "all without bedömning                   | all       |     | UPPFYLLT UPPFYLLT           |                 | met           | uppfyllt",
      "all with nothing judged                 | all       |     | INGET_MAL                   | UPPFYLLT        | no-target     | inget mål",
      "count: computed stays                   | count     | 2   | UPPFYLLT UPPFYLLT EJ_UPPFYLLT | EJ_UPPFYLLT   | met           | uppfyllt",
      "share: computed stays                   | share     | 0.5 | EJ_UPPFYLLT EJ_UPPFYLLT UPPFYLLT | UPPFYLLT   | partly-met    | delvis uppfyllt",
  })
  void aBedomningDecidesOnlyAGoalJudgedByBedomning(String row, String rule, Double min, String results,
      Result assessed, String label, String swedish) {
    RollupRule rollup = switch (rule) {
      case "count" -> new RollupRule.Count(min.intValue());
      case "share" -> new RollupRule.Share(min);
      case "judgement" -> new RollupRule.Judgement();
      default -> new RollupRule.All();
    };
    List<Result> indicatorResults = Arrays.stream(results.trim().split(" +")).map(Result::valueOf).toList();
    Optional<Assessment> assessment = Optional.ofNullable(assessed).map(verdict -> new Assessment(
        new Assessment.GoalSubject("fordon-och-transporter", "socialforvaltningen"), "2022-T1", verdict,
        "I dagsläget körs 87% av förvaltningens bilar på fossilbränslefritt bränsle.", "Socialnämnden",
        Instant.parse("2022-05-24T08:00:00Z")));

    GoalVerdict verdict = GoalRollup.verdict(rollup, indicatorResults, assessment);

    assertThat(verdict.code()).isEqualTo(label);
    assertThat(verdict.swedish()).isEqualTo(swedish);
    assertThat(verdict.computed()).as("the computed roll-up is kept beside").isEqualTo(
        GoalRollup.rollUp(rollup, indicatorResults));
    assertThat(verdict.assessment()).isEqualTo(assessment);
  }
}
