package se.indikatorvakt.evaluation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A computed verdict and the bedömning recorded for the same subject and period, side by side: what the rules say and
 * what the nämnd says are both shown, so a bedömning can never silently stand in for a computation.
 */
public record AssessedResult(Result computed, Optional<Assessment> assessment) {

  public AssessedResult {
    Objects.requireNonNull(computed, "computed");
    Objects.requireNonNull(assessment, "assessment");
  }

  /** The computed verdict beside the standing bedömning for the subject and period among those recorded. */
  public static AssessedResult of(Result computed, List<Assessment> recorded, Assessment.Subject subject,
      String period) {
    return new AssessedResult(computed, standing(recorded, subject, period));
  }

  /**
   * The bedömning in force: the latest recorded for the subject and period; an earlier one stays in the audit
   * history. Of two recorded at the same instant, the later in the list.
   */
  public static Optional<Assessment> standing(List<Assessment> recorded, Assessment.Subject subject, String period) {
    return recorded.stream()
        .filter(assessment -> assessment.subject().equals(subject) && assessment.period().equals(period))
        .reduce((earlier, later) -> later.assessedAt().isBefore(earlier.assessedAt()) ? earlier : later);
  }

  /** Whether the nämnd's bedömning says something else than the rules. */
  public boolean differs() {
    return assessment.filter(a -> a.verdict() != computed).isPresent();
  }
}
