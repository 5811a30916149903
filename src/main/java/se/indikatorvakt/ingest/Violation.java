package se.indikatorvakt.ingest;

/**
 * One thing wrong with a request body.
 *
 * @param pointer JSON pointer of the bad item or field
 * @param detail what is wrong, in English, never quoting free text from the request
 * @param reason a fixed slug for the rejection counter (bounded label values)
 */
public record Violation(String pointer, String detail, String reason) {
  public static final String INVALID_FIELD = "invalid-field";
  public static final String UNKNOWN_INDICATOR = "unknown-indicator";
  public static final String UNKNOWN_ORG_UNIT = "unknown-org-unit";
  public static final String ORG_UNIT_NOT_VALID = "org-unit-not-valid";
  public static final String INVALID_PERIOD = "invalid-period";
  public static final String FUTURE_PERIOD = "future-period";
  public static final String VALUE_OUT_OF_RANGE = "value-out-of-range";
  public static final String PERSONAL_DATA = "personnummer";
  public static final String DUPLICATE_KEY = "duplicate-key";
  public static final String OUT_OF_SCOPE = "out-of-scope";
}
