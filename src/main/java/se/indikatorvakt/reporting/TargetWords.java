package se.indikatorvakt.reporting;

import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;

/** A målvärde in the words of the documents: "högst 90 dagar", "under 35 dagar", "minst 75 %", "topp 30". */
final class TargetWords {
  private TargetWords() {}

  static String of(Target target) {
    if (target instanceof ThresholdTarget threshold) {
      String words = switch (threshold.comparison()) {
        case AT_MOST -> "högst";
        case BELOW -> "under";
        case AT_LEAST -> "minst";
        case ABOVE -> "över";
        case EQUAL -> "exakt";
      };
      return words + " " + SwedishFormat.withUnit(threshold.value(), threshold.unit());
    }
    if (target instanceof BandTarget band) {
      return "mellan " + SwedishFormat.number(band.min()) + " och " + SwedishFormat.withUnit(band.max(), band.unit());
    }
    if (target instanceof DirectionTarget direction) {
      String words = direction.direction().swedish();
      return direction.baseline().isPresent()
          ? words + " från " + SwedishFormat.withUnit(direction.baseline().getAsDouble(), direction.unit())
          : words + " jämfört med föregående period";
    }
    if (target instanceof RankTarget rank) {
      return "topp " + rank.top() + " bland landets kommuner";
    }
    // a path ("100 % år 2023 från 60 % år 2021") and an ordinal scale are worded by the catalog already
    return target.describeSwedish();
  }
}
