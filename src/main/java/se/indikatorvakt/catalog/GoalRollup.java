package se.indikatorvakt.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/**
 * How a goal's result follows from its indicators', as the nämnd decides: all of them, a share ("minst hälften"), a
 * count ("sex av sju"), or a bedömning written by hand.
 *
 * @param min the share (0–1) or count the rule needs; empty for all and judgement
 */
public record GoalRollup(Rule rule, OptionalDouble min) {
  public static final GoalRollup ALL = new GoalRollup(Rule.ALL, OptionalDouble.empty());

  public enum Rule implements Coded {
    ALL("all"),
    SHARE("share"),
    COUNT("count"),
    JUDGEMENT("judgement");

    private final String code;

    Rule(String code) {
      this.code = code;
    }

    @Override
    public String code() {
      return code;
    }

    public static Optional<Rule> fromCode(String code) {
      return Codes.find(Rule.class, code);
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
