package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A målvärde and where it stands: from a period on, for a unit (and the units below it where the nämnd says so) and
 * a kön, until a later target for the same indicator, unit and kön replaces it or until its explicit end. Which
 * rules apply to a value is decided by {@link TargetSelection}.
 *
 * @param from the first period it applies to: a year ("2022") or one period in any notation ("2022-T2")
 * @param until the last period it applies to, only where the document sets the target for that period alone
 * @param orgUnit the unit the nämnd set it for; empty means the kommun's top unit
 */
public record TargetRule(String from, Optional<String> until, Optional<String> orgUnit, TargetScope scope,
    Gender gender, Target target) {

  public TargetRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(orgUnit, "orgUnit");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(target, "target");
  }

  /**
   * A target of the one-period catalog format ({@code period:}): it applies to that year or period only, for kön
   * T; without a unit it judges every unit, with one only that unit's own value.
   */
  public TargetRule(String period, Optional<String> orgUnit, Target target) {
    this(period, Optional.of(period), orgUnit, orgUnit.isPresent() ? TargetScope.UNIT : TargetScope.UNIT_AND_BELOW, Gender.T,
        target);
  }
}
