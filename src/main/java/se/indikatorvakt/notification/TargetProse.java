package se.indikatorvakt.notification;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.SwedishNumbers;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;

/**
 * A målvärde the way a person writes it in a sentence ("högst 90 dagar", "minst 75 %", "mellan 0,8 och 1,0"),
 * never with the comparison signs of a table, and how far a value lies from it ("44 dagar över målvärdet"). Pure.
 */
final class TargetProse {
  private TargetProse() {}

  /**
   * "högst 90 dagar", "under 35 dagar", "minst 75 %", "mellan 350 och 400 st", "minska från 42 st", "topp 30"; a
   * path or a list of values as the catalog describes it.
   */
  static String of(Target target) {
    if (target instanceof ThresholdTarget t) {
      return word(t.comparison()) + " " + number(t.value(), t.unit());
    }
    if (target instanceof BandTarget b) {
      int decimals = Math.max(SwedishNumbers.scale(b.min()), SwedishNumbers.scale(b.max()));
      return "mellan " + SwedishNumbers.format(b.min(), decimals) + " och "
          + SwedishNumbers.withUnit(SwedishNumbers.format(b.max(), decimals), b.unit());
    }
    if (target instanceof DirectionTarget d) {
      return d.baseline().isPresent()
          ? d.direction().swedish() + " från " + number(d.baseline().getAsDouble(), d.unit())
          : d.direction().swedish() + " jämfört med perioden före";
    }
    if (target instanceof RankTarget r) {
      return "topp " + r.top();
    }
    return target.describeSwedish();
  }

  /** The same without the unit, for a subject line: "högst 90", "minst 75 %", "0,8–1,0", "topp 30". */
  static String brief(Target target) {
    if (target instanceof ThresholdTarget t) {
      String number = SwedishNumbers.format(t.value());
      return word(t.comparison()) + " " + (t.unit() == MeasurementUnit.PROCENT ? number + " %" : number);
    }
    if (target instanceof BandTarget b) {
      int decimals = Math.max(SwedishNumbers.scale(b.min()), SwedishNumbers.scale(b.max()));
      return SwedishNumbers.format(b.min(), decimals) + "–" + SwedishNumbers.format(b.max(), decimals);
    }
    if (target instanceof DirectionTarget d) {
      return d.direction().swedish();
    }
    if (target instanceof RankTarget r) {
      return "topp " + r.top();
    }
    return target.describeSwedish();
  }

  /**
   * A målvärde stored as text by an earlier version ("≤ 90 dagar", "0,8–1,0"), said in words: what an email shows
   * when the catalog no longer has the target.
   */
  static String ofText(String text) {
    String t = text.strip();
    if (t.startsWith("≤ ")) {
      return "högst " + t.substring(2);
    }
    if (t.startsWith("≥ ")) {
      return "minst " + t.substring(2);
    }
    if (t.startsWith("< ")) {
      return "under " + t.substring(2);
    }
    if (t.startsWith("> ")) {
      return "över " + t.substring(2);
    }
    int dash = t.indexOf('–');
    if (dash > 0 && Character.isDigit(t.charAt(0))) {
      return "mellan " + t.substring(0, dash) + " och " + t.substring(dash + 1);
    }
    return t;
  }

  /**
   * How far the value lies from the målvärde, in the indicator's unit ("44 dagar över målvärdet", "12 procentenheter
   * under målvärdet"); empty where there is no single line to measure from (a direction, a rank met).
   */
  static Optional<String> distance(Target target, double value) {
    if (target instanceof ThresholdTarget t) {
      BigDecimal gap = BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(t.value()));
      if (gap.signum() == 0) {
        return Optional.of("precis på målvärdet");
      }
      return Optional.of(amount(gap.abs(), t.unit()) + (gap.signum() > 0 ? " över" : " under") + " målvärdet");
    }
    if (target instanceof BandTarget b) {
      BigDecimal v = BigDecimal.valueOf(value);
      BigDecimal below = BigDecimal.valueOf(b.min()).subtract(v);
      BigDecimal above = v.subtract(BigDecimal.valueOf(b.max()));
      if (below.signum() > 0) {
        return Optional.of(amount(below, b.unit()) + " under målvärdets nedre gräns");
      }
      if (above.signum() > 0) {
        return Optional.of(amount(above, b.unit()) + " över målvärdets övre gräns");
      }
      return Optional.of("inom målvärdet");
    }
    if (target instanceof RankTarget r) {
      long behind = Math.round(value) - r.top();
      return behind > 0 ? Optional.of(behind + (behind == 1 ? " placering" : " placeringar") + " efter topp " + r.top())
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** The warning line in words, when the target has one: "varningsgränsen 120 dagar". */
  static Optional<String> warning(Target target) {
    OptionalDouble line = target.warningLine();
    if (line.isEmpty() || !(target instanceof ThresholdTarget t)) {
      return Optional.empty();
    }
    return Optional.of(number(line.getAsDouble(), t.unit()));
  }

  private static String amount(BigDecimal difference, MeasurementUnit unit) {
    String number = SwedishNumbers.format(difference.doubleValue());
    return switch (unit) {
      case PROCENT -> number + (difference.compareTo(BigDecimal.ONE) == 0 ? " procentenhet" : " procentenheter");
      case DAGAR -> number + (difference.compareTo(BigDecimal.ONE) == 0 ? " dag" : " dagar");
      case RANG -> number + (difference.compareTo(BigDecimal.ONE) == 0 ? " placering" : " placeringar");
      default -> SwedishNumbers.withUnit(number, unit);
    };
  }

  private static String number(double value, MeasurementUnit unit) {
    if (unit == MeasurementUnit.RANG) {
      return "plats " + SwedishNumbers.format(value);
    }
    return SwedishNumbers.withUnit(SwedishNumbers.format(value), unit);
  }

  private static String word(ThresholdTarget.Comparison comparison) {
    return switch (comparison) {
      case AT_MOST -> "högst";
      case BELOW -> "under";
      case AT_LEAST -> "minst";
      case ABOVE -> "över";
      case EQUAL -> "exakt";
    };
  }
}
