package se.indikatorvakt.catalog;

import java.util.OptionalDouble;

/** A målvärde in one of the forms the documents use; how a value is judged against it is in TargetEvaluator. */
public sealed interface Target permits ThresholdTarget, BandTarget, DirectionTarget, RankTarget,
    PathTarget, OrdinalTarget {

  /** The målvärde as a manager reads it, e.g. "≤ 90 dagar", "0,8–1,0", "minska", "topp 30". */
  String describeSwedish();

  /** The one number to draw as målvärde in charts and metrics; empty when the target has no single number. */
  OptionalDouble referenceValue();

  /** Where delvis uppfyllt ends and ej uppfyllt begins, when the target has one such line. */
  OptionalDouble warningLine();
}
