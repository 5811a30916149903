package se.indikatorvakt.assessment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Goal;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * The rules for a bedömning as submitted. Pure. Every problem names its field as a JSON pointer and never repeats a
 * text: a refused text may hold a personnummer.
 */
public final class AssessmentInput {
  /** The verdicts a bedömning may give, in the API's result codes. */
  public static final List<Result> VERDICTS = List.of(Result.UPPFYLLT, Result.DELVIS_UPPFYLLT, Result.EJ_UPPFYLLT);

  public record InputProblem(String pointer, String detail) {}

  /** What a bedömning is about, as the request names it; any field may be missing. */
  public record Subject(String kommun, String indicator, String goal, String orgUnit, String period) {}

  /** A subject that exists and fits: the kommun's own indicator or goal, its unit, a period that has begun. */
  public record Target(Kommun kommun, Assessment.Subject subject, Period period) {}

  public record Resolution(Optional<Target> target, List<InputProblem> problems) {}

  private AssessmentInput() {}

  /**
   * Resolves the subject. Without an org unit, the kommun's root unit is judged (the whole nämnd). An indicator, goal
   * or unit of another kommun is named as not the kommun's.
   */
  public static Resolution subject(Catalog catalog, Subject asked, LocalDate today) {
    List<InputProblem> problems = new ArrayList<>();
    Optional<Kommun> kommun = present(asked.kommun()).flatMap(catalog::kommun);
    if (kommun.isEmpty()) {
      problems.add(new InputProblem("/kommun", present(asked.kommun()).isEmpty() ? "is required"
          : "unknown kommun; the installation has " + String.join(", ",
              catalog.kommunCodes())));
    }
    Optional<String> indicatorId = present(asked.indicator());
    Optional<String> goalId = present(asked.goal());
    if (indicatorId.isPresent() == goalId.isPresent()) {
      problems.add(new InputProblem(indicatorId.isPresent() ? "/goal" : "/indicator",
          "name either an indicator or a goal"));
    }
    Optional<Indicator> indicator = indicatorId.flatMap(id -> own(kommun, "/indicator", "indicator",
        catalog.indicator(id).isPresent(), k -> k.indicator(id), problems));
    Optional<Goal> goal = goalId.flatMap(id -> own(kommun, "/goal", "goal",
        catalog.goals().stream().anyMatch(g -> g.id().equals(id)),
        k -> k.goals().stream().filter(g -> g.id().equals(id)).findFirst(), problems));
    Optional<String> unit = present(asked.orgUnit()).or(() -> kommun.map(Kommun::rootUnit));
    present(asked.orgUnit()).ifPresent(id -> {
      if (catalog.kommunOf(id).isEmpty()) {
        problems.add(new InputProblem("/orgUnit", "unknown org unit"));
      } else {
        kommun.filter(k -> !k.hasUnit(id)).ifPresent(k -> problems.add(new InputProblem("/orgUnit",
            "kommun " + k.code() + " (" + k.name() + ") has no such unit")));
      }
    });
    Optional<Period> period = period(asked.period(), kommun, indicator, goal, today, problems);
    if (!problems.isEmpty() || kommun.isEmpty() || unit.isEmpty() || period.isEmpty()
        || indicator.isEmpty() && goal.isEmpty()) {
      return new Resolution(Optional.empty(), problems);
    }
    Assessment.Subject subject = indicator.<Assessment.Subject>map(i -> new Assessment.IndicatorSubject(i.id(),
        unit.get())).orElseGet(() -> new Assessment.GoalSubject(goal.get().id(), unit.get()));
    return new Resolution(Optional.of(new Target(kommun.get(), subject, period.get())), problems);
  }

  /** The verdict for its result code (met, partly-met, not-met). */
  public static Optional<Result> verdict(String code) {
    return VERDICTS.stream().filter(r -> r.code().equals(code)).findFirst();
  }

  /** The bedömning's own fields: a verdict, and a motivation and who made it, bounded and without personnummer. */
  public static List<InputProblem> content(String verdict, String motivation, String assessedBy) {
    List<InputProblem> problems = new ArrayList<>();
    if (verdict(verdict).isEmpty()) {
      problems.add(new InputProblem("/verdict", "must be one of "
          + String.join(", ", VERDICTS.stream().map(Result::code).toList())));
    }
    text("/motivation", motivation, Assessment.MAX_MOTIVATION, problems);
    text("/assessedBy", assessedBy, Assessment.MAX_ASSESSED_BY, problems);
    return problems;
  }

  /** The bedömning to store, once {@link #subject} and {@link #content} found nothing wrong. */
  public static Assessment assessment(Target target, String verdict, String motivation, String assessedBy,
      Instant now) {
    return new Assessment(target.subject(), target.period().notation(), verdict(verdict).orElseThrow(),
        motivation.strip(), assessedBy.strip(), now);
  }

  private static Optional<Period> period(String notation, Optional<Kommun> kommun, Optional<Indicator> indicator,
      Optional<Goal> goal, LocalDate today, List<InputProblem> problems) {
    if (present(notation).isEmpty()) {
      problems.add(new InputProblem("/period", "is required"));
      return Optional.empty();
    }
    Optional<Period> period = Optional.empty();
    if (indicator.isPresent()) {
      try {
        period = Optional.of(Period.parse(indicator.get().periodType(), notation));
      } catch (IllegalArgumentException e) {
        problems.add(new InputProblem("/period", "does not fit this indicator: "
            + e.getMessage().replaceFirst(", got.*", "")));
      }
    } else if (goal.isPresent() && kommun.isPresent()) {
      List<PeriodType> types = kommun.get().profile().reportPeriods();
      Optional<PeriodType> type = Period.detectType(notation);
      if (type.isPresent() && types.contains(type.get())) {
        period = Optional.of(Period.parse(type.get(), notation));
      } else {
        problems.add(new InputProblem("/period", "kommun " + kommun.get().code() + " (" + kommun.get().name()
            + ") follows up its goals in these period types only: "
            + String.join(", ", types.stream().map(PeriodType::code).toList())));
      }
    } else if (Period.detectType(notation).isEmpty()) {
      problems.add(new InputProblem("/period", "must be a period like 2022-T1, 2022-D8 or 2022"));
    }
    period.filter(p -> p.start().isAfter(today))
        .ifPresent(p -> problems.add(new InputProblem("/period", "has not begun yet")));
    return period.filter(p -> !p.start().isAfter(today));
  }

  private static <T> Optional<T> own(Optional<Kommun> kommun, String pointer, String what, boolean known,
      Function<Kommun, Optional<T>> lookup, List<InputProblem> problems) {
    if (!known) {
      problems.add(new InputProblem(pointer, "unknown " + what));
      return Optional.empty();
    }
    if (kommun.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> found = lookup.apply(kommun.get());
    if (found.isEmpty()) {
      problems.add(new InputProblem(pointer, "kommun " + kommun.get().code() + " (" + kommun.get().name()
          + ") has no such " + what));
    }
    return found;
  }

  private static void text(String pointer, String text, int max, List<InputProblem> problems) {
    if (text == null || text.isBlank()) {
      problems.add(new InputProblem(pointer, "is required"));
    } else if (text.strip().length() > max) {
      problems.add(new InputProblem(pointer, "must be at most " + max + " characters"));
    } else if (PersonalIdentityNumbers.containsAny(text)) {
      problems.add(new InputProblem(pointer, "looks like it contains a personnummer; remove it"));
    }
  }

  private static Optional<String> present(String text) {
    return Optional.ofNullable(text).map(String::strip).filter(s -> !s.isEmpty());
  }
}
