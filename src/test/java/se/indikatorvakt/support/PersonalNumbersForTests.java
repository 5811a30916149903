package se.indikatorvakt.support;

/**
 * Checksum-valid personnummer and samordningsnummer built from Skatteverket's test date 1912-12-12,
 * so that no real person's number ever appears in the tests.
 */
public final class PersonalNumbersForTests {
  private PersonalNumbersForTests() {}

  /** Ten digits YYMMDDNNNC with the Luhn check digit C computed over the first nine. */
  public static String tenDigits(String yymmdd, String serial) {
    String nine = yymmdd + serial;
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      int d = (nine.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += d > 9 ? d - 9 : d;
    }
    return nine + (10 - sum % 10) % 10;
  }

  /** A personnummer: 12 Dec 1912, serial 121. */
  public static String personnummer() {
    return tenDigits("121212", "121");
  }

  /** A samordningsnummer: the day plus 60 (12 + 60 = 72). */
  public static String samordningsnummer() {
    return tenDigits("121272", "238");
  }
}
