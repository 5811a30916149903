package se.indikatorvakt.evaluation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import se.indikatorvakt.catalog.RollupRule;

/**
 * A goal's result from its indicators' results by the goal's own rule, as the nämnder summarise them. Indicators
 * without målvärde do not count; a goal none of whose indicators has one (or that has no indicators) has "inget mål".
 *
 * <ul>
 *   <li>all: all uppfyllt is uppfyllt; none uppfyllt and none delvis is ej uppfyllt; any other mix is delvis
 *   <li>share (min) and count (min): uppfyllt when at least that share or number of the judged indicators is
 *       uppfyllt; short of it, delvis when any is uppfyllt or delvis, else ej uppfyllt
 *   <li>judgement: nothing is computed ("inget mål"); the goal's result is the nämnd's bedömning
 *       ({@link #verdict}), and "bedömning saknas" until one is recorded
 * </ul>
 */
public final class GoalRollup {
  private GoalRollup() {}

  /** The rule "all", for goals of the one-period catalog format. */
  public static Result rollUp(List<Result> indicatorResults) {
    return rollUp(new RollupRule.All(), indicatorResults);
  }

  /**
   * The goal's verdict by its rule, with the bedömning recorded for the goal and period beside it: computed for all,
   * share and count (the bedömning never changes it), the bedömning itself for judgement.
   */
  public static GoalVerdict verdict(RollupRule rule, List<Result> indicatorResults, Optional<Assessment> assessment) {
    return new GoalVerdict(rule, rollUp(rule, indicatorResults), assessment);
  }

  public static Result rollUp(RollupRule rule, List<Result> indicatorResults) {
    List<Result> judged = indicatorResults.stream().filter(result -> result != Result.INGET_MAL).toList();
    if (judged.isEmpty() || rule instanceof RollupRule.Judgement) {
      return Result.INGET_MAL;
    }
    long met = judged.stream().filter(Result.UPPFYLLT::equals).count();
    boolean reached;
    if (rule instanceof RollupRule.Share share) {
      reached = BigDecimal.valueOf(met).compareTo(
          BigDecimal.valueOf(share.min()).multiply(BigDecimal.valueOf(judged.size()))) >= 0;
    } else if (rule instanceof RollupRule.Count count) {
      reached = met >= count.min();
    } else {
      reached = met == judged.size();
    }
    if (reached) {
      return Result.UPPFYLLT;
    }
    return judged.stream().allMatch(Result.EJ_UPPFYLLT::equals) ? Result.EJ_UPPFYLLT : Result.DELVIS_UPPFYLLT;
  }
}
