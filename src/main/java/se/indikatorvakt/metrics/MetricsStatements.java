package se.indikatorvakt.metrics;

/**
 * The queries of one gauge refresh, run in one read-only snapshot of every kommun (KommunScope.snapshot) so that they
 * agree with each other.
 */
final class MetricsStatements {
  private MetricsStatements() {}

  /**
   * The latest period of every series, with the commit time of its value as the series' last report.
   * The order is the index measurement_series read backwards, so PostgreSQL streams the rows without
   * sorting (period_end separates delår periods, which all start on 1 January). The last report is
   * deliberately not max(updated_at) over all periods: that needs a sort of the whole table (5x the time
   * with ten years of history), and a revision of an old period does not mean the unit reports.
   */
  static final String SERIES = """
      SELECT DISTINCT ON (indicator_id, org_unit_id, gender)
             indicator_id, org_unit_id, gender, value, result, target_value, warning_value,
             extract(epoch FROM updated_at)::float8 AS last_report
        FROM measurement
       ORDER BY indicator_id DESC, org_unit_id DESC, gender DESC, period_start DESC, period_end DESC""";

  static final String OPEN_ALERTS = """
      SELECT severity, state, count(*) AS open, count(acknowledged_at) AS acknowledged,
             count(*) FILTER (WHERE escalated_at IS NOT NULL) AS escalated,
             count(*) FILTER (WHERE escalation_level > 0 AND escalated_at IS NULL) AS unit_without_manager
        FROM alert
       WHERE state IN ('pending', 'firing')
       GROUP BY severity, state""";

  static final String OUTBOX_BY_STATE = """
      SELECT state, count(*) AS messages
        FROM outbox
       WHERE state IN ('pending', 'sending', 'folded', 'dead')
       GROUP BY state""";

  static final String OLDEST_UNSENT = "SELECT min(created_at) AS oldest FROM outbox WHERE state IN ('pending', 'sending')";
}
