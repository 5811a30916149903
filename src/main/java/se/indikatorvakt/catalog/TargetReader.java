package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import se.indikatorvakt.catalog.DirectionTarget.Change;
import se.indikatorvakt.catalog.DirectionTarget.ChangeUnit;
import se.indikatorvakt.catalog.DirectionTarget.Direction;
import se.indikatorvakt.catalog.DirectionTarget.Reference;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;
import se.indikatorvakt.text.Codes;

/**
 * Reads one entry of an indicator's {@code targets:} (or a national {@code legalTargets:}) and checks it against the
 * indicator: its period notations, its unit's range, that it agrees with the polarity (a "≥" target on a
 * lower-is-better indicator is a typo), and that it names a unit of its own kommun.
 */
final class TargetReader {
  private static final Set<String> COMMON = Set.of("from", "until", "orgUnit", "scope", "gender", "kind",
      "warningChosen", "decision", "source");
  private static final List<String> KINDS = List.of("threshold", "band", "direction", "rank", "path", "ordinal");

  /** What the indicator says about itself; a part is empty when the indicator's own field was broken. */
  record Shape(Optional<MeasurementUnit> unit, Optional<Polarity> polarity, Optional<PeriodType> periodType,
      Optional<ValidRange> validRange) {}

  /**
   * Which units a target may name.
   *
   * @param own the units of the kommun whose target it is; empty when its organisation could not be read, and units
   *     are then not checked; a national rule of law names none
   * @param kommunOfUnit every unit of the installation with its kommun's code, to say where a foreign unit belongs
   * @param legal whether it is a national rule of law: it names no unit and has no end
   */
  record Units(Optional<Set<String>> own, Map<String, String> kommunOfUnit, boolean legal) {}

  private final YamlMap entry;
  private final Shape shape;

  private TargetReader(YamlMap entry, Shape shape) {
    this.entry = entry;
    this.shape = shape;
  }

  /** The rule, or empty after reporting every problem of the entry. */
  static Optional<TargetRule> read(YamlMap entry, Shape shape, Units units) {
    int before = entry.problemCount();
    TargetReader reader = new TargetReader(entry, shape);
    Optional<String> from = entry.requiredText("from").filter(p -> reader.checkPeriod("from", p));
    Optional<String> until = entry.optionalText("until").filter(p -> reader.checkPeriod("until", p));
    if (units.legal() && entry.has("until")) {
      entry.problem("until", "a rule of law has no end");
    }
    if (from.isPresent() && until.isPresent() && lastDay(until.get()).isBefore(beginning(from.get()))) {
      entry.problem("until", "until " + until.get() + " is before from " + from.get());
    }
    Optional<String> orgUnit = entry.optionalText("orgUnit");
    if (units.legal() && orgUnit.isPresent()) {
      entry.problem("orgUnit", "a national rule of law applies to every kommun's root unit and names no unit");
    }
    orgUnit.filter(unit -> units.own().filter(ids -> !ids.contains(unit)).isPresent())
        .ifPresent(unit -> entry.problem("orgUnit", Optional.ofNullable(units.kommunOfUnit().get(unit))
            .map(other -> "org unit '" + unit + "' belongs to kommun " + other + ", not to this kommun")
            .orElse("unknown org unit '" + unit + "'")));
    TargetScope scope = entry.optionalCode("scope", TargetScope::fromCode, Codes.codes(TargetScope.class))
        .orElse(TargetScope.UNIT);
    Gender gender = entry.optionalCode("gender", Gender::fromCode, Codes.codes(Gender.class)).orElse(Gender.T);
    Optional<String> kind = entry.requiredCode("kind", code -> KINDS.contains(code) ? Optional.of(code)
        : Optional.empty(), KINDS);
    entry.rejectUnknown(kind.map(TargetReader::fields).orElse(COMMON));
    Optional<Target> target = kind.flatMap(reader::target);
    boolean warningChosen = entry.optionalBoolean("warningChosen").orElse(false);
    if (warningChosen && !entry.has("warning") && !entry.has("warningMin") && !entry.has("warningMax")) {
      entry.problem("warningChosen", "marks a warning line as our choice, but the target has none");
    }
    Optional<Decision> decision = entry.optionalMap("decision").flatMap(TargetReader::decision);
    Optional<Source> source = entry.source(true);
    if (entry.problemCount() != before || from.isEmpty() || target.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TargetRule(from.get(), until, orgUnit, scope, gender, target.get(), warningChosen,
        decision, source));
  }

  private static Optional<Decision> decision(YamlMap block) {
    block.rejectUnknown(Set.of("body", "date", "paragraph"));
    Optional<String> body = block.requiredText("body");
    Optional<LocalDate> date = block.optionalDate("date");
    Optional<String> paragraph = block.optionalText("paragraph");
    return body.map(b -> new Decision(b, date, paragraph));
  }

  private static Set<String> fields(String kind) {
    Stream<String> own = switch (kind) {
      case "threshold" -> Stream.of("comparator", "value", "warning");
      case "band" -> Stream.of("min", "max", "warningMin", "warningMax");
      case "direction" -> Stream.of("direction", "reference", "baseline", "by", "warning");
      case "rank" -> Stream.of("top", "warning");
      case "path" -> Stream.of("baseline", "goal", "warning");
      default -> Stream.of("met", "partly", "notMet");
    };
    return Stream.concat(COMMON.stream(), own).collect(Collectors.toSet());
  }

  /** A plain year applies from (or up to) the whole year; anything else must be one period in the indicator's notation. */
  private boolean checkPeriod(String key, String notation) {
    if (Period.detectType(notation).filter(PeriodType.YEAR::equals).isPresent()) {
      return true;
    }
    if (shape.periodType().isEmpty()) {
      return Period.detectType(notation).isPresent();
    }
    PeriodType type = shape.periodType().get();
    try {
      Period.parse(type, notation);
      return true;
    } catch (IllegalArgumentException e) {
      entry.problem(key, "'" + notation + "' is not a period of the indicator's type " + type.code()
          + "; expected " + type.example() + " or a year like 2022");
      return false;
    }
  }

  /** As {@link TargetRule#start()}: a year from its first day, a period from its last. */
  private static LocalDate beginning(String notation) {
    PeriodType type = Period.detectType(notation).orElseThrow();
    Period period = Period.parse(type, notation);
    return type == PeriodType.YEAR ? period.start() : period.end();
  }

  private static LocalDate firstDay(String notation) {
    return Period.parse(Period.detectType(notation).orElseThrow(), notation).start();
  }

  private static LocalDate lastDay(String notation) {
    return Period.parse(Period.detectType(notation).orElseThrow(), notation).end();
  }

  private Optional<Target> target(String kind) {
    if (shape.polarity().filter(Polarity.INSIDE_BAND::equals).isPresent() && !kind.equals("band")
        && !kind.equals("ordinal")) {
      entry.problem("kind", "polarity inside-band needs band targets, got " + kind);
    }
    return switch (kind) {
      case "threshold" -> threshold();
      case "band" -> band();
      case "direction" -> direction();
      case "rank" -> rank();
      case "path" -> path();
      default -> ordinal();
    };
  }

  private Optional<Target> threshold() {
    Optional<Comparison> comparison = entry.requiredCode("comparator", Comparison::fromCode,
        Codes.codes(Comparison.class));
    OptionalDouble value = inRange("value", entry.requiredNumber("value"));
    OptionalDouble warning = inRange("warning", entry.optionalNumber("warning"));
    comparison.filter(c -> c != Comparison.EQUAL).ifPresent(c -> {
      Polarity contradicted = c.higherIsGood() ? Polarity.LOWER_IS_BETTER : Polarity.HIGHER_IS_BETTER;
      if (shape.polarity().filter(contradicted::equals).isPresent()) {
        entry.problem("comparator", "comparator " + c.code() + " contradicts polarity " + contradicted.code());
      }
      if (value.isPresent() && warning.isPresent()) {
        double v = value.getAsDouble();
        double w = warning.getAsDouble();
        if (c.higherIsGood() ? w > v : w < v) {
          entry.problem("warning", "warning line " + Problems.plain(w) + " is on the good side of the target "
              + c.code() + " " + Problems.plain(v) + "; it must be " + (c.higherIsGood() ? "at most " : "at least ")
              + Problems.plain(v));
        }
      }
    });
    if (shape.unit().isEmpty() || comparison.isEmpty() || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ThresholdTarget(shape.unit().get(), comparison.get(), value.getAsDouble(), warning));
  }

  private Optional<Target> band() {
    shape.polarity().filter(polarity -> polarity != Polarity.INSIDE_BAND).ifPresent(polarity -> entry.problem("kind",
        "a band target needs polarity inside-band, the indicator is " + polarity.code()));
    OptionalDouble min = inRange("min", entry.requiredNumber("min"));
    OptionalDouble max = inRange("max", entry.requiredNumber("max"));
    OptionalDouble warningMin = inRange("warningMin", entry.optionalNumber("warningMin"));
    OptionalDouble warningMax = inRange("warningMax", entry.optionalNumber("warningMax"));
    if (min.isEmpty() || max.isEmpty()) {
      return Optional.empty();
    }
    double low = min.getAsDouble();
    double high = max.getAsDouble();
    if (low > high) {
      entry.problem("min", "band min " + Problems.plain(low) + " is greater than max "
          + Problems.plain(high));
      return Optional.empty();
    }
    if (warningMin.isPresent() && warningMin.getAsDouble() > low) {
      entry.problem("warningMin", "warning line " + Problems.plain(warningMin.getAsDouble())
          + " is inside the band; it must be at most min " + Problems.plain(low));
    }
    if (warningMax.isPresent() && warningMax.getAsDouble() < high) {
      entry.problem("warningMax", "warning line " + Problems.plain(warningMax.getAsDouble())
          + " is inside the band; it must be at least max " + Problems.plain(high));
    }
    return shape.unit().map(unit -> new BandTarget(unit, low, high, warningMin, warningMax));
  }

  private Optional<Target> direction() {
    Optional<Direction> direction = entry.requiredCode("direction", Direction::fromCode,
        Codes.codes(Direction.class));
    Optional<Point> baseline = entry.optionalMap("baseline").flatMap(this::point);
    Optional<Reference> reference = entry.optionalCode("reference", Reference::fromCode,
        Codes.codes(Reference.class));
    if (reference.filter(Reference.BASELINE::equals).isPresent() && !entry.has("baseline")) {
      entry.problem("baseline", "is required for reference baseline ({period, value})");
    }
    if (entry.has("baseline") && reference.filter(r -> r != Reference.BASELINE).isPresent()) {
      entry.problem("baseline", "is only used with reference baseline, not " + reference.get().code());
    }
    Optional<Change> by = entry.optionalMap("by").flatMap(TargetReader::change);
    OptionalDouble warning = entry.optionalNumber("warning");
    if (warning.isPresent() && warning.getAsDouble() < 0) {
      entry.problem("warning", "a tolerance must not be negative, got " + Problems.plain(warning.getAsDouble()));
    }
    direction.ifPresent(d -> {
      Polarity contradicted = d == Direction.INCREASE ? Polarity.LOWER_IS_BETTER : Polarity.HIGHER_IS_BETTER;
      if (shape.polarity().filter(contradicted::equals).isPresent()) {
        entry.problem("direction", "direction " + d.code() + " contradicts polarity " + contradicted.code());
      }
    });
    if (shape.unit().isEmpty() || direction.isEmpty() || (entry.has("baseline") && baseline.isEmpty())) {
      return Optional.empty();
    }
    Reference resolved = reference.orElse(baseline.isPresent() ? Reference.BASELINE : Reference.PREVIOUS);
    if (resolved == Reference.BASELINE && baseline.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DirectionTarget(shape.unit().get(), direction.get(), resolved,
        baseline.map(p -> OptionalDouble.of(p.value())).orElse(OptionalDouble.empty()), baseline.map(Point::period),
        by, warning));
  }

  private static Optional<Change> change(YamlMap block) {
    block.rejectUnknown(Set.of("amount", "unit"));
    OptionalDouble amount = block.requiredNumber("amount");
    Optional<ChangeUnit> unit = block.requiredCode("unit", ChangeUnit::fromCode, Codes.codes(ChangeUnit.class));
    if (amount.isPresent() && amount.getAsDouble() < 0) {
      block.problem("amount", "must not be negative (the direction says which way), got "
          + Problems.plain(amount.getAsDouble()));
      return Optional.empty();
    }
    if (amount.isEmpty() || unit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Change(amount.getAsDouble(), unit.get()));
  }

  /** A value in a period, e.g. a baseline {period: "2021", value: 60}. */
  private record Point(String period, double value) {}

  private Optional<Point> point(YamlMap block) {
    block.rejectUnknown(Set.of("period", "value"));
    Optional<String> period = block.requiredText("period").filter(p -> {
      boolean valid = Period.detectType(p).isPresent();
      if (!valid) {
        block.problem("period", "'" + p + "' is not a year or a period");
      }
      return valid;
    });
    OptionalDouble value = block.requiredNumber("value");
    if (value.isPresent() && shape.unit().isPresent()) {
      Optional<String> problem = rangeProblem(value.getAsDouble());
      if (problem.isPresent()) {
        block.problem("value", problem.get() + ", got " + Problems.plain(value.getAsDouble()));
        return Optional.empty();
      }
    }
    if (period.isEmpty() || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Point(period.get(), value.getAsDouble()));
  }

  /** The straight line from baseline to goal: the goal must lie after the baseline and on the good side of it. */
  private Optional<Target> path() {
    Optional<Point> baseline = entry.optionalMap("baseline").flatMap(this::point);
    Optional<Point> goal = entry.optionalMap("goal").flatMap(this::point);
    if (!entry.has("baseline")) {
      entry.problem("baseline", "is required ({period, value})");
    }
    if (!entry.has("goal")) {
      entry.problem("goal", "is required ({period, value})");
    }
    OptionalDouble warning = entry.optionalNumber("warning");
    if (warning.isPresent() && warning.getAsDouble() < 0) {
      entry.problem("warning", "a tolerance behind the line must not be negative, got "
          + Problems.plain(warning.getAsDouble()));
    }
    if (baseline.isEmpty() || goal.isEmpty() || shape.unit().isEmpty()) {
      return Optional.empty();
    }
    if (!firstDay(goal.get().period()).isAfter(firstDay(baseline.get().period()))) {
      entry.problem("goal", "goal period " + goal.get().period() + " must come after the baseline period "
          + baseline.get().period());
      return Optional.empty();
    }
    boolean rises = goal.get().value() > baseline.get().value();
    Polarity contradicted = rises ? Polarity.LOWER_IS_BETTER : Polarity.HIGHER_IS_BETTER;
    if (shape.polarity().filter(contradicted::equals).isPresent()) {
      entry.problem("goal", "a path from " + Problems.plain(baseline.get().value()) + " to "
          + Problems.plain(goal.get().value()) + " contradicts polarity " + contradicted.code());
    }
    return Optional.of(new PathTarget(shape.unit().get(), baseline.get().period(), baseline.get().value(),
        goal.get().period(), goal.get().value(), warning));
  }

  /** Every value of the scale in one class at most, and at least one value that is met. */
  private Optional<Target> ordinal() {
    List<Double> met = entry.numbers("met", true);
    List<Double> partly = entry.numbers("partly", false);
    List<Double> notMet = entry.numbers("notMet", false);
    if (met.isEmpty() && entry.has("met")) {
      entry.problem("met", "must name at least one value");
    }
    Set<Double> seen = new HashSet<>();
    Stream.of(met, partly, notMet).flatMap(List::stream).filter(value -> !seen.add(value)).distinct()
        .forEach(value -> entry.problem("kind", "value " + Problems.plain(value) + " is in more than one class"));
    if (met.isEmpty() || seen.size() != met.size() + partly.size() + notMet.size()) {
      return Optional.empty();
    }
    return Optional.of(new OrdinalTarget(met, partly, notMet));
  }

  /** Place 1 is best, so a rank is measured in rang and lower is better. */
  private Optional<Target> rank() {
    shape.unit().filter(unit -> unit != MeasurementUnit.RANG).ifPresent(unit -> entry.problem("kind",
        "a rank target needs unit rang, the indicator is measured in " + unit.code()));
    shape.polarity().filter(polarity -> polarity != Polarity.LOWER_IS_BETTER).ifPresent(polarity -> entry.problem(
        "kind", "a rank target needs polarity lower-is-better (place 1 is best), the indicator is "
            + polarity.code()));
    Optional<Integer> top = entry.optionalInteger("top");
    if (!entry.has("top")) {
      entry.problem("top", "is required (a place, 1 or more)");
    }
    Optional<Integer> warning = entry.optionalInteger("warning");
    top.filter(t -> t < 1).ifPresent(t -> entry.problem("top", "must be at least 1, got " + t));
    if (top.isPresent() && warning.isPresent() && warning.get() < top.get()) {
      entry.problem("warning", "warning place " + warning.get() + " is better than top " + top.get()
          + "; it must be at least " + top.get());
      return Optional.empty();
    }
    return top.filter(t -> t >= 1)
        .map(t -> new RankTarget(t, warning.map(OptionalInt::of).orElseGet(OptionalInt::empty)));
  }

  private OptionalDouble inRange(String key, OptionalDouble number) {
    if (number.isPresent() && shape.unit().isPresent()) {
      Optional<String> problem = rangeProblem(number.getAsDouble());
      if (problem.isPresent()) {
        entry.problem(key, problem.get() + ", got " + Problems.plain(number.getAsDouble()));
        return OptionalDouble.empty();
      }
    }
    return number;
  }

  /** The indicator's own valid range where it sets one (a change in procent may be negative), else its unit's. */
  private Optional<String> rangeProblem(double value) {
    return shape.validRange().isPresent() ? shape.validRange().get().problem(value)
        : shape.unit().get().rangeProblem(value);
  }
}
