package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A målvärde and where it applies.
 *
 * @param periodScope a year ("2022": every period of the indicator in that year) or one period in the indicator's
 *     own notation ("2022-T2": that period only)
 * @param orgUnit the unit whose own target this is; empty when it applies to every unit
 */
public record TargetRule(String periodScope, Optional<String> orgUnit, Target target) {
  public TargetRule {
    Objects.requireNonNull(periodScope, "periodScope");
    Objects.requireNonNull(orgUnit, "orgUnit");
    Objects.requireNonNull(target, "target");
  }
}
