package se.indikatorvakt.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import se.indikatorvakt.catalog.Period;

/**
 * A bedömning: the verdict a kommun's administrator records by hand for an indicator or a goal and a period, where
 * the nämnd judges a mixed picture itself ("delvis uppfyllt: tre av fem verksamhetsområden ökade"). It stands beside
 * the computed verdict ({@link AssessedResult}) and never replaces it.
 *
 * @param period the period in any notation ("2022-T1", "2023")
 * @param assessedBy who recorded it: a role or name as the kommun writes it
 */
public record Assessment(Subject subject, String period, Result verdict, String motivation, String assessedBy,
    Instant assessedAt) {
  public static final int MAX_MOTIVATION = 4000;
  public static final int MAX_ASSESSED_BY = 200;

  /** What the bedömning is about. */
  public sealed interface Subject permits IndicatorSubject, GoalSubject {
    /** The indicator's or the goal's id. */
    String id();

    /** The unit judged. */
    String orgUnit();

    /** "indicator" or "goal", as the API and the database name it. */
    String kind();
  }

  /** An indicator's value for one unit. */
  public record IndicatorSubject(String indicatorId, String orgUnit) implements Subject {
    public IndicatorSubject {
      Objects.requireNonNull(indicatorId, "indicatorId");
      Objects.requireNonNull(orgUnit, "orgUnit");
    }

    @Override
    public String id() {
      return indicatorId;
    }

    @Override
    public String kind() {
      return "indicator";
    }
  }

  /** A goal as judged for one unit: the kommun's root unit for the whole nämnd, or a verksamhetsområde. */
  public record GoalSubject(String goalId, String orgUnit) implements Subject {
    public GoalSubject {
      Objects.requireNonNull(goalId, "goalId");
      Objects.requireNonNull(orgUnit, "orgUnit");
    }

    @Override
    public String id() {
      return goalId;
    }

    @Override
    public String kind() {
      return "goal";
    }
  }

  /** One thing wrong with a bedömning as submitted, by field name, for a 422 with a pointer. */
  public record Problem(String field, String message) {}

  public Assessment {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(assessedAt, "assessedAt");
    List<Problem> problems = check(period, verdict, motivation, assessedBy);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0).field() + " " + problems.get(0).message());
    }
  }

  /** Every problem of the submitted fields; empty when a bedömning can be recorded from them. */
  public static List<Problem> check(String period, Result verdict, String motivation, String assessedBy) {
    List<Problem> problems = new ArrayList<>();
    if (period == null || Period.detectType(period).isEmpty()) {
      problems.add(new Problem("period", "must be a period like 2022, 2022-T1 or 2023-Q2"));
    }
    if (verdict == null || verdict == Result.INGET_MAL) {
      problems.add(new Problem("verdict", "must be uppfyllt, delvis uppfyllt or ej uppfyllt"));
    }
    text(problems, "motivation", motivation, MAX_MOTIVATION);
    text(problems, "assessedBy", assessedBy, MAX_ASSESSED_BY);
    return problems;
  }

  private static void text(List<Problem> problems, String field, String text, int max) {
    if (text == null || text.isBlank()) {
      problems.add(new Problem(field, "is required"));
    } else if (text.length() > max) {
      problems.add(new Problem(field, "is longer than " + max + " characters"));
    }
  }
}
