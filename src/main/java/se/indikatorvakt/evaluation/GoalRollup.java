package se.indikatorvakt.evaluation;

import java.util.List;

/**
 * A goal's result from its indicators' results, as the nämnder summarise them: indicators without målvärde do not
 * count; all uppfyllt is uppfyllt; none uppfyllt and none delvis is ej uppfyllt; any other mix is delvis uppfyllt.
 * A goal none of whose indicators has a målvärde (or that has no indicators) has "inget mål".
 */
public final class GoalRollup {
  private GoalRollup() {}

  public static Result rollUp(List<Result> indicatorResults) {
    List<Result> judged = indicatorResults.stream().filter(result -> result != Result.INGET_MAL).toList();
    if (judged.isEmpty()) {
      return Result.INGET_MAL;
    }
    if (judged.stream().allMatch(Result.UPPFYLLT::equals)) {
      return Result.UPPFYLLT;
    }
    if (judged.stream().allMatch(Result.EJ_UPPFYLLT::equals)) {
      return Result.EJ_UPPFYLLT;
    }
    return Result.DELVIS_UPPFYLLT;
  }
}
