package se.indikatorvakt.evaluation;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.catalog.Target;

/**
 * A value judged against its målvärde.
 *
 * @param target the målvärde that applied; present with {@link Result#INGET_MAL} when it could not be judged (a
 *     direction target with neither baseline nor previous value)
 * @param distance how far the value is past the line of uppfyllt, in the indicator's unit: 0 when uppfyllt (and
 *     for a value exactly on a strict target), positive on the bad side; empty with {@link Result#INGET_MAL}
 * @param trend compared with the previous value; empty without one
 */
public record Evaluation(Result result, Optional<Target> target, OptionalDouble distance, Optional<Trend> trend,
    OptionalDouble previousValue) {

  public Evaluation {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(distance, "distance");
    Objects.requireNonNull(trend, "trend");
    Objects.requireNonNull(previousValue, "previousValue");
  }
}
