package se.indikatorvakt.catalog;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import se.indikatorvakt.catalog.DirectionTarget.Direction;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

/**
 * Reads one entry of an indicator's {@code targets:} and checks it against the indicator: its period notation, its
 * unit's range, and that it agrees with the polarity (a "≥" target on a lower-is-better indicator is a typo).
 */
final class TargetReader {
  private static final Set<String> COMMON = Set.of("period", "orgUnit", "kind");
  private static final List<String> KINDS = List.of("threshold", "band", "direction", "rank");

  /** What the indicator says about itself; a part is empty when the indicator's own field was broken. */
  record Shape(Optional<MeasurementUnit> unit, Optional<Polarity> polarity, Optional<PeriodType> periodType) {}

  private final YamlMap entry;
  private final Shape shape;

  private TargetReader(YamlMap entry, Shape shape) {
    this.entry = entry;
    this.shape = shape;
  }

  /** The rule, or empty after reporting every problem of the entry. */
  static Optional<TargetRule> read(YamlMap entry, Shape shape, Optional<Set<String>> unitIds) {
    int before = entry.problemCount();
    TargetReader reader = new TargetReader(entry, shape);
    Optional<String> period = entry.requiredText("period").filter(reader::checkPeriod);
    Optional<String> orgUnit = entry.optionalText("orgUnit");
    orgUnit.filter(unit -> unitIds.filter(ids -> !ids.contains(unit)).isPresent())
        .ifPresent(unit -> entry.problem("orgUnit", "unknown org unit '" + unit + "'"));
    Optional<String> kind = entry.requiredCode("kind", code -> KINDS.contains(code) ? Optional.of(code)
        : Optional.empty(), KINDS);
    entry.rejectUnknown(kind.map(TargetReader::fields).orElse(COMMON));
    Optional<Target> target = kind.flatMap(reader::target);
    if (entry.problemCount() != before || period.isEmpty() || target.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TargetRule(period.get(), orgUnit, target.get()));
  }

  private static Set<String> fields(String kind) {
    Stream<String> own = switch (kind) {
      case "threshold" -> Stream.of("comparator", "value", "warning");
      case "band" -> Stream.of("min", "max", "warningMin", "warningMax");
      case "direction" -> Stream.of("direction", "baseline", "warning");
      default -> Stream.of("top", "warning");
    };
    return Stream.concat(COMMON.stream(), own).collect(Collectors.toSet());
  }

  /** A plain year applies to every period in it; anything else must be one period in the indicator's notation. */
  private boolean checkPeriod(String scope) {
    if (Period.detectType(scope).filter(PeriodType.YEAR::equals).isPresent() || shape.periodType().isEmpty()) {
      return true;
    }
    PeriodType type = shape.periodType().get();
    try {
      Period.parse(type, scope);
      return true;
    } catch (IllegalArgumentException e) {
      entry.problem("period", "'" + scope + "' is not a period of the indicator's type " + type.code()
          + "; expected " + type.example() + " or a year like 2022");
      return false;
    }
  }

  private Optional<Target> target(String kind) {
    if (shape.polarity().filter(Polarity.INSIDE_BAND::equals).isPresent() && !kind.equals("band")) {
      entry.problem("kind", "polarity inside-band needs band targets, got " + kind);
    }
    return switch (kind) {
      case "threshold" -> threshold();
      case "band" -> band();
      case "direction" -> direction();
      default -> rank();
    };
  }

  private Optional<Target> threshold() {
    Optional<Comparison> comparison = entry.requiredCode("comparator", Comparison::fromCode,
        Stream.of(Comparison.values()).map(Comparison::code).toList());
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
        Stream.of(Direction.values()).map(Direction::code).toList());
    OptionalDouble baseline = inRange("baseline", entry.optionalNumber("baseline"));
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
    if (shape.unit().isEmpty() || direction.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DirectionTarget(shape.unit().get(), direction.get(), baseline, warning));
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
      Optional<String> problem = shape.unit().get().rangeProblem(number.getAsDouble());
      if (problem.isPresent()) {
        entry.problem(key, problem.get() + ", got " + Problems.plain(number.getAsDouble()));
        return OptionalDouble.empty();
      }
    }
    return number;
  }
}
