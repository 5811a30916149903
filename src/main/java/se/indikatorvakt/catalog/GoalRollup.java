package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How a goal's result follows from its indicators', as the nämnd decides: all of them, a share ("minst hälften"), a
 * count ("sex av sju"), or a bedömning written by hand.
 *
 * @param min the share (0–1) or count the rule needs; empty for all and judgement
 */
public record GoalRollup(Rule rule, OptionalDouble min) {
  public static final GoalRollup ALL = new GoalRollup(Rule.ALL, OptionalDouble.empty());

  public enum Rule {
    ALL("all"),
    SHARE("share"),
    COUNT("count"),
    JUDGEMENT("judgement");

    private final String code;

    Rule(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public GoalRollup {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(min, "min");
  }

  /** The same rule in the form the roll-up computes with. */
  public RollupRule toRule() {
    return switch (rule) {
      case ALL -> new RollupRule.All();
      case SHARE -> new RollupRule.Share(min.orElse(1));
      case COUNT -> new RollupRule.Count((int) min.orElse(1));
      case JUDGEMENT -> new RollupRule.Judgement();
    };
  }
}
