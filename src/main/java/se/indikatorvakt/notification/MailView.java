package se.indikatorvakt.notification;

import java.util.List;

/**
 * What the templates see for one email: data only, already formatted in Swedish; the sentences around it are in the
 * template files. Exactly one of {@code single}, {@code several} and {@code digest} is true.
 *
 * @param subject at most {@link SubjectLine#MAX} characters, verdict first
 * @param alarm the email's first (worst) line still asks for an action
 * @param changedSince for an email of several lines: how many alerts were closed or taken since they were queued,
 *     in words ("två av dem"), else null
 */
record MailView(String recipient, String subject, String role, int count, boolean single, boolean several,
    boolean digest, int dailyCap, boolean alarm, String changedSince, List<MailItem> items, MailItem first) {

  /**
   * One alert inside an email, as it stands when the email is composed. Exactly one of the outcome booleans is
   * true; text fields are null when the fact is unknown (the templates leave the sentence out).
   */
  record MailItem(
      boolean firing, boolean reminder, boolean escalation, boolean missingReport, boolean targetMissing,
      boolean acknowledged, boolean silenced, boolean metAgain, boolean revised, boolean retargeted,
      boolean reported, boolean closed,
      boolean alarm, String headline, String colour, String result,
      String indicatorId, String indicatorName, String description,
      String orgUnitId, String orgUnitName, String genderText, String periodLabel,
      String valueText, String targetText, String warningText, String distanceText,
      String trendText, String trendBasis,
      List<HistoryRow> history, boolean hasHistory,
      String grafanaUrl, String ackUrl,
      String role, String escalatedFromRole, String escalatedFromEmail, String escalatedAfterText,
      String firingSinceText, String acknowledgedByText, String acknowledgedAtText, String acknowledgementComment,
      String silencedUntilText, String judgedPeriodLabel, String judgedValueText, String judgedResult,
      boolean catalogOwner) {}

  /** One period in the trend table, with a bar as wide as the value relative to the largest shown. */
  record HistoryRow(String periodLabel, String valueText, String result, int barPercent, boolean current) {}
}
