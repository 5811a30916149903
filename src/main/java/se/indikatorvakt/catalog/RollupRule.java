package se.indikatorvakt.catalog;

/**
 * How a goal's result follows from its indicators' results, as data per goal because the nämnder differ: all must be
 * met, a share or a number of them ("sex av sju"), or a bedömning decides. The rule itself is applied by
 * {@code se.indikatorvakt.evaluation.GoalRollup}.
 */
public sealed interface RollupRule permits RollupRule.All, RollupRule.Share, RollupRule.Count, RollupRule.Judgement {

  /** Code as written in YAML: all, share, count, judgement. */
  String code();

  /** Uppfyllt when every judged indicator is; ej uppfyllt when none is uppfyllt or delvis. */
  record All() implements RollupRule {
    @Override
    public String code() {
      return "all";
    }
  }

  /** Uppfyllt when at least {@code min} (a fraction, 0 &lt; min ≤ 1) of the judged indicators are uppfyllt. */
  record Share(double min) implements RollupRule {
    public Share {
      if (!(min > 0 && min <= 1)) {
        throw new IllegalArgumentException("a share must be greater than 0 and at most 1, got " + min);
      }
    }

    @Override
    public String code() {
      return "share";
    }
  }

  /** Uppfyllt when at least {@code min} judged indicators are uppfyllt ("sex av sju": min 6). */
  record Count(int min) implements RollupRule {
    public Count {
      if (min < 1) {
        throw new IllegalArgumentException("a count must be at least 1, got " + min);
      }
    }

    @Override
    public String code() {
      return "count";
    }
  }

  /** Nothing is computed: the nämnd's bedömning is the goal's result. */
  record Judgement() implements RollupRule {
    @Override
    public String code() {
      return "judgement";
    }
  }
}
