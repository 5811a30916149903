package se.indikatorvakt.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * The rules for an analysis, wherever it comes from (API or link page). Pure. Problems name the field and never
 * repeat the text: a refused text may hold a personnummer.
 */
public final class AnalysisInput {
  public static final int MAX_TEXT = 4000;

  /** @param pointer the field, as a JSON pointer ("/analysis") */
  public record InputProblem(String pointer, String detail, String swedish) {}

  private AnalysisInput() {}

  /** The subject's problems: a kommun, indicator, unit and period that exist and belong together. */
  public static List<InputProblem> subject(Catalog catalog, List<ReportKommun> kommuner,
      AnalysisLinks.Subject subject) {
    List<InputProblem> problems = new ArrayList<>();
    Optional<ReportKommun> kommun = kommuner.stream().filter(k -> k.code().equals(subject.kommun())).findFirst();
    if (kommun.isEmpty()) {
      problems.add(new InputProblem("/kommun", "unknown kommun", "Kommunen finns inte."));
    }
    Optional<Indicator> indicator = catalog.indicator(subject.indicator())
        .filter(i -> kommun.map(k -> k.owns(i)).orElse(true));
    if (indicator.isEmpty()) {
      problems.add(new InputProblem("/indicator", "unknown indicator for this kommun",
          "Indikatorn finns inte för kommunen."));
    }
    if (catalog.organisation().unit(subject.orgUnit()).isEmpty()) {
      problems.add(new InputProblem("/orgUnit", "unknown org unit", "Enheten finns inte."));
    }
    indicator.ifPresent(i -> {
      try {
        Period.parse(i.periodType(), subject.period());
      } catch (IllegalArgumentException e) {
        problems.add(new InputProblem("/period", "period does not fit this indicator: "
            + e.getMessage().replaceFirst(", got.*", ""), "Perioden passar inte indikatorn."));
      }
    });
    return problems;
  }

  /** The texts' problems: present, not too long, no personnummer. */
  public static List<InputProblem> texts(String analysis, String actions) {
    List<InputProblem> problems = new ArrayList<>();
    text("/analysis", "Analysen", analysis, problems);
    text("/actions", "Åtgärderna", actions, problems);
    if (problems.isEmpty() && analysis.isBlank() && actions.isBlank()) {
      problems.add(new InputProblem("/analysis", "analysis or actions must be written",
          "Skriv en analys eller planerade åtgärder."));
    }
    return problems;
  }

  private static void text(String pointer, String label, String text, List<InputProblem> problems) {
    if (text.length() > MAX_TEXT) {
      problems.add(new InputProblem(pointer, "at most " + MAX_TEXT + " characters",
          label + " får vara högst " + MAX_TEXT + " tecken."));
    } else if (PersonalIdentityNumbers.containsAny(text)) {
      problems.add(new InputProblem(pointer, "looks like it contains a personnummer; remove it",
          label + " ser ut att innehålla ett personnummer. Ta bort det och försök igen: rapporten läses av många."));
    }
  }
}
