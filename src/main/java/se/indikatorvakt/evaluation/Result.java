package se.indikatorvakt.evaluation;

/** The verdict on a value against its målvärde, in the words the nämnder use. */
public enum Result {
  UPPFYLLT("uppfyllt", 2, "met"),
  DELVIS_UPPFYLLT("delvis uppfyllt", 1, "partly-met"),
  EJ_UPPFYLLT("ej uppfyllt", 0, "not-met"),
  INGET_MAL("inget mål", -1, "no-target");

  private final String swedish;
  private final int code;
  private final String label;

  Result(String swedish, int code, String label) {
    this.swedish = swedish;
    this.code = code;
    this.label = label;
  }

  public String swedish() {
    return swedish;
  }

  /** The metric value: higher is better, so a dashboard can colour by threshold; -1 keeps "inget mål" apart. */
  public int code() {
    return code;
  }

  /** Stable lower-case English slug for metric labels and the API. */
  public String label() {
    return label;
  }
}
