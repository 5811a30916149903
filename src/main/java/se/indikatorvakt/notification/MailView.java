package se.indikatorvakt.notification;

import java.util.List;

/**
 * What the templates see for one email: data only, already formatted in Swedish; every sentence around it is in
 * the template files. Exactly one of {@code single}, {@code several} and {@code digest} is true.
 */
record MailView(String recipient, String role, int count, boolean single, boolean several, boolean digest,
    int dailyCap, List<MailItem> items, List<Unit> units, MailItem first) {

  /** An org unit named in the email, for the subject of a grouped email. */
  record Unit(String name) {}

  /**
   * One notification inside an email. Booleans per kind and severity let the templates choose their wording; text
   * fields are null when the fact is unknown (the templates leave the sentence out).
   */
  record MailItem(
      boolean firing, boolean resolved, boolean reminder, boolean escalation, boolean missingReport,
      boolean critical, String result, String resultCapitalized,
      String indicatorId, String indicatorName, String description,
      String orgUnitId, String orgUnitName, String genderText, String periodLabel,
      String valueText, String targetText, String warningText, String trendText,
      List<HistoryRow> history, boolean hasHistory,
      String grafanaUrl, String ackUrl,
      String role, String escalatedFromRole, String escalatedFromEmail, String escalatedAfterText,
      String firingSinceText) {}

  /** One period in the trend table, with a bar as wide as the value relative to the largest shown. */
  record HistoryRow(String periodLabel, String valueText, String result, int barPercent, boolean current) {}
}
