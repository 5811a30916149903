package se.indikatorvakt.reporting;

/** Every SQL statement of reporting, by name. Parameters only; nothing is built from input. */
final class ReportStatements {
  private ReportStatements() {}

  static final String ANALYSIS_COLUMNS =
      "id, kommun_code, indicator_id, org_unit_id, period, version, analysis, actions, author, written_at";

  /**
   * The next version of one subject's analysis. Two writers at once both compute the same version; the unique
   * constraint lets one in and the other retries with the version after it.
   */
  static final String INSERT_ANALYSIS = """
      INSERT INTO analyses (kommun_code, indicator_id, org_unit_id, period, version, analysis, actions, author,
                            written_at)
      SELECT $1, $2, $3, $4, COALESCE(MAX(version), 0) + 1, $5, $6, $7, $8
        FROM analyses
       WHERE kommun_code = $1 AND indicator_id = $2 AND org_unit_id = $3 AND period = $4
      RETURNING\s""" + ANALYSIS_COLUMNS;

  static final String ANALYSIS_HISTORY = "SELECT " + ANALYSIS_COLUMNS + """

        FROM analyses
       WHERE kommun_code = $1 AND indicator_id = $2 AND org_unit_id = $3 AND period = $4
       ORDER BY version DESC""";

  /** The newest version for each subject asked for. */
  static final String LATEST_ANALYSES = "SELECT DISTINCT ON (a.indicator_id, a.org_unit_id, a.period) a."
      + ANALYSIS_COLUMNS.replace(", ", ", a.") + """

        FROM analyses a
        JOIN unnest($2::text[], $3::text[], $4::text[]) AS k(indicator_id, org_unit_id, period)
          ON a.indicator_id = k.indicator_id AND a.org_unit_id = k.org_unit_id AND a.period = k.period
       WHERE a.kommun_code = $1
       ORDER BY a.indicator_id, a.org_unit_id, a.period, a.version DESC""";

  /** The total (kön T) value of each (indicator, period) asked for, in every unit asked for. */
  static final String VALUES_OF_PERIODS = """
      SELECT m.indicator_id, m.org_unit_id, m.period, m.value, m.result, m.source, m.reference, m.updated_at
        FROM measurement m
        JOIN unnest($1::text[], $2::text[]) AS k(indicator_id, period)
          ON m.indicator_id = k.indicator_id AND m.period = k.period
       WHERE m.gender = 'T' AND m.org_unit_id = ANY($3::text[])""";

  /** The newest {@code $4} periods of each series up to a last day, newest first; measurement_series serves it. */
  static final String TRENDS = """
      SELECT k.n, t.period, t.value, t.result
        FROM unnest($1::text[], $2::text[], $3::date[]) WITH ORDINALITY AS k(indicator_id, org_unit_id, until, n)
       CROSS JOIN LATERAL (
             SELECT m.period, m.period_start, m.period_end, m.value, m.result
               FROM measurement m
              WHERE m.indicator_id = k.indicator_id AND m.org_unit_id = k.org_unit_id AND m.gender = 'T'
                AND m.period_end <= k.until
              ORDER BY m.period_end DESC, m.period_start DESC
              LIMIT $4) t
       ORDER BY k.n, t.period_end DESC, t.period_start DESC""";

  static final String OPEN_ALERTS = """
      SELECT indicator_id, org_unit_id, gender, period, severity, value, target_text, opened_at, acknowledged_at,
             acknowledgement_comment
        FROM alert
       WHERE state IN ('pending', 'firing') AND org_unit_id = ANY($1::text[]) AND indicator_id = ANY($2::text[])
       ORDER BY opened_at, id""";
}
