package se.indikatorvakt.catalog;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A målvärde and where it stands: from a period on, for a unit (and the units below it where the nämnd says so) and
 * a kön, until a later target for the same indicator, unit and kön replaces it or until its explicit end. Which
 * rules apply to a value is decided by {@code se.indikatorvakt.evaluation.TargetSelection}.
 *
 * @param from the first period it applies to: a year ("2022") or one period in any notation ("2022-T2")
 * @param until the last period it applies to, only where the document sets the target for that period alone
 * @param orgUnit the unit the nämnd set it for; empty means the kommun's top unit
 */
public record TargetRule(String from, Optional<String> until, Optional<String> orgUnit, Scope scope, Gender gender,
    Target target) {

  /** Which values of the unit's subtree a target judges. */
  public enum Scope {
    /** The unit's own value only: the default, because a target for a whole förvaltning is about its total. */
    UNIT("unit"),
    /** The unit's own value and every unit below it ("för varje enhet"). */
    UNIT_AND_BELOW("unit-and-below");

    private final String code;

    Scope(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Scope> fromCode(String code) {
      return Arrays.stream(values()).filter(scope -> scope.code.equals(code)).findFirst();
    }
  }

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
    this(period, Optional.of(period), orgUnit, orgUnit.isPresent() ? Scope.UNIT : Scope.UNIT_AND_BELOW, Gender.T,
        target);
  }
}
