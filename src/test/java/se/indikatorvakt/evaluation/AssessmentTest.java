package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 000_63e6c9868031b1b7.txt:449–471: "Antal långtidssjukskrivna medarbetare ska minska", bedömning delvis uppfyllt,
 * although the förvaltning's total fell from 54 to 52 (the rule says uppfyllt): three of five verksamhetsområden rose.
 */
class AssessmentTest {
  private static final Assessment.Subject LANGTIDSSJUKA = new Assessment.IndicatorSubject("langtidssjukskrivna",
      "socialforvaltningen");
  private static final String MOTIVATION = "Totalen minskade med två personer, men tre av fem verksamhetsområden ökade.";

  @Test
  void theBedomningStandsBesideTheComputedVerdictAndNeverReplacesIt() {
    Assessment delvis = assessment(LANGTIDSSJUKA, "2022-T1", Result.DELVIS_UPPFYLLT, "2022-05-10T08:00:00Z");

    AssessedResult shown = AssessedResult.of(Result.UPPFYLLT, List.of(delvis), LANGTIDSSJUKA, "2022-T1");

    assertThat(shown.computed()).isEqualTo(Result.UPPFYLLT);
    assertThat(shown.assessment()).contains(delvis);
    assertThat(shown.differs()).isTrue();
  }

  @Test
  void theLatestBedomningForTheSubjectAndPeriodStands() {
    Assessment first = assessment(LANGTIDSSJUKA, "2022-T1", Result.EJ_UPPFYLLT, "2022-05-10T08:00:00Z");
    Assessment corrected = assessment(LANGTIDSSJUKA, "2022-T1", Result.DELVIS_UPPFYLLT, "2022-05-11T08:00:00Z");
    Assessment otherPeriod = assessment(LANGTIDSSJUKA, "2022-T2", Result.UPPFYLLT, "2022-09-11T08:00:00Z");
    Assessment goal = assessment(new Assessment.GoalSubject("foredome-som-arbetsgivare", "socialforvaltningen"),
        "2022-T1", Result.UPPFYLLT, "2022-05-12T08:00:00Z");
    List<Assessment> recorded = List.of(corrected, first, otherPeriod, goal);

    assertThat(AssessedResult.standing(recorded, LANGTIDSSJUKA, "2022-T1")).contains(corrected);
    assertThat(AssessedResult.standing(recorded, LANGTIDSSJUKA, "2021-T3")).isEmpty();
    assertThat(AssessedResult.of(Result.DELVIS_UPPFYLLT, recorded, LANGTIDSSJUKA, "2022-T1").differs()).isFalse();
    assertThat(AssessedResult.of(Result.EJ_UPPFYLLT, List.of(), LANGTIDSSJUKA, "2022-T1").differs()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a period that is no period   | 2022-T4 | DELVIS_UPPFYLLT | text | kvalitetsstrateg | period",
      "inget mål is not a verdict   | 2022-T1 | INGET_MAL       | text | kvalitetsstrateg | verdict",
      "a verdict needs a motivation | 2022-T1 | UPPFYLLT        | '  ' | kvalitetsstrateg | motivation",
      "and someone who made it      | 2022-T1 | UPPFYLLT        | text |                  | assessedBy",
  })
  void aBedomningNeedsAPeriodAVerdictAMotivationAndWhoMadeIt(String description, String period, Result verdict,
      String motivation, String assessedBy, String field) {
    assertThat(Assessment.check(period, verdict, motivation, assessedBy)).extracting(Assessment.Problem::field)
        .containsExactly(field);
    assertThatThrownBy(() -> new Assessment(LANGTIDSSJUKA, period, verdict, motivation, assessedBy, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMotivationHasABoundedLength() {
    assertThat(Assessment.check("2022-T1", Result.UPPFYLLT, "x".repeat(Assessment.MAX_MOTIVATION + 1), "socialchef"))
        .extracting(Assessment.Problem::field).containsExactly("motivation");
  }

  private static Assessment assessment(Assessment.Subject subject, String period, Result verdict, String at) {
    return new Assessment(subject, period, verdict, MOTIVATION, "kvalitetsstrateg", Instant.parse(at));
  }
}
