package se.indikatorvakt.catalog;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * Which values a målvärde judges. A target set for a unit judges that unit's own figure; only where the nämnd says so
 * ("för varje enhet") does it judge every unit below as well. Totals are never inherited by default, because a count
 * or a sum for the whole nämnd says nothing about one enhet.
 */
public enum TargetScope implements Coded {
  UNIT("unit"),
  UNIT_AND_BELOW("unit-and-below");

  private final String code;

  TargetScope(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<TargetScope> fromCode(String code) {
    return Codes.find(TargetScope.class, code);
  }
}
