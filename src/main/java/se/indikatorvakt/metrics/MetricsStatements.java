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

  /**
   * The latest period of the given series only, in the columns of {@link #SERIES}: what a refresh reads after
   * commits that named the series they changed. A series without rows (none is ever deleted) returns nothing. A unit
   * names its kommun, so ordering by kommun first changes nothing but lets measurement_series, which leads with it,
   * hand out the newest period first under the row-level policy's kommun = ANY(...). The kommun is not named as an
   * equality: beside the policy's condition it made the primary key (kommun, id) look as selective to a planner
   * without statistics, which then read every row of the kommun per series (AlertStatements.LATEST_PERIODS).
   */
  static final String SERIES_OF = """
      SELECT k.indicator_id, k.org_unit_id, k.gender, m.value, m.result, m.target_value, m.warning_value,
             extract(epoch FROM m.updated_at)::float8 AS last_report
        FROM unnest($1::text[], $2::text[], $3::text[]) AS k(indicator_id, org_unit_id, gender)
       CROSS JOIN LATERAL (
             SELECT value, result, target_value, warning_value, updated_at
               FROM measurement
              WHERE indicator_id = k.indicator_id AND org_unit_id = k.org_unit_id AND gender = k.gender
              ORDER BY kommun DESC, period_start DESC, period_end DESC
              LIMIT 1) m""";

  /** By unit, which names the kommun in the catalog. */
  static final String OPEN_ALERTS = """
      SELECT org_unit_id, severity, state, count(*) AS open, count(acknowledged_at) AS acknowledged,
             count(*) FILTER (WHERE escalated_at IS NOT NULL) AS escalated,
             count(*) FILTER (WHERE escalation_level > 0 AND escalated_at IS NULL) AS unit_without_manager
        FROM alert
       WHERE state IN ('pending', 'firing')
       GROUP BY org_unit_id, severity, state""";

  static final String OUTBOX_BY_STATE = """
      SELECT org_unit, state, count(*) AS messages
        FROM outbox
       WHERE state IN ('pending', 'sending', 'folded', 'dead')
       GROUP BY org_unit, state""";

  static final String OLDEST_UNSENT = """
      SELECT org_unit, min(created_at) AS oldest
        FROM outbox
       WHERE state IN ('pending', 'sending')
       GROUP BY org_unit""";
}
