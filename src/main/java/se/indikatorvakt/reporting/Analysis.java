package se.indikatorvakt.reporting;

import java.time.Instant;

/**
 * One version of the analysis and planned actions for an indicator, unit and period.
 *
 * @param author {@link #ADMIN_AUTHOR} + key name, or {@link #LINK_AUTHOR} + the address the signed link was made for
 */
public record Analysis(long id, String kommun, String indicator, String orgUnit, String period, int version,
    String analysis, String actions, String author, Instant writtenAt) {
  public static final String ADMIN_AUTHOR = "admin:";
  public static final String LINK_AUTHOR = "link:";

  /** How the report names the author. */
  static String authorInWords(String author) {
    if (author.startsWith(LINK_AUTHOR)) {
      return author.substring(LINK_AUTHOR.length());
    }
    if (author.startsWith(ADMIN_AUTHOR)) {
      return "administratör (" + author.substring(ADMIN_AUTHOR.length()) + ")";
    }
    return author;
  }
}
