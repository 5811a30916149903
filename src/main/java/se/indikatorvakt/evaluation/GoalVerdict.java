package se.indikatorvakt.evaluation;

import java.util.Objects;
import java.util.Optional;
import se.indikatorvakt.catalog.RollupRule;

/**
 * A goal's result for a period as the report and the status show it: by the goal's own rule, with the bedömning
 * recorded for it beside. Under the rules all, share and count the result is computed from the indicators and a
 * bedömning only stands beside it; under judgement the nämnd's bedömning is the result, and without one the goal
 * shows "bedömning saknas", never a computed verdict in its place.
 *
 * @param computed the roll-up of the indicators' results; inget mål under judgement
 * @param assessment the bedömning in force for the goal and period, if one is recorded
 */
public record GoalVerdict(RollupRule rule, Result computed, Optional<Assessment> assessment) {
  /** What a goal under judgement shows until its bedömning is recorded. */
  public static final String ASSESSMENT_MISSING = "bedömning saknas";
  /** The same in the API's codes. */
  public static final String ASSESSMENT_MISSING_CODE = "no-assessment";

  public GoalVerdict {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(computed, "computed");
    Objects.requireNonNull(assessment, "assessment");
  }

  public boolean byJudgement() {
    return rule instanceof RollupRule.Judgement;
  }

  /** The goal's result: the computed roll-up, or under judgement the bedömning's verdict (inget mål without one). */
  public Result result() {
    return byJudgement() ? assessment.map(Assessment::verdict).orElse(Result.INGET_MAL) : computed;
  }

  /** A goal whose rule is judgement and that has no bedömning for the period. */
  public boolean assessmentMissing() {
    return byJudgement() && assessment.isEmpty();
  }

  /** The result in the nämnd's words: uppfyllt, delvis uppfyllt, ej uppfyllt, inget mål, or bedömning saknas. */
  public String swedish() {
    return assessmentMissing() ? ASSESSMENT_MISSING : result().swedish();
  }

  /** The result in the API's codes: met, partly-met, not-met, no-target, or no-assessment. */
  public String code() {
    return assessmentMissing() ? ASSESSMENT_MISSING_CODE : result().code();
  }
}
