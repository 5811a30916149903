package se.indikatorvakt.assessment;

/** Every SQL statement of the bedömningar, by name. Parameters only; nothing is built from input. */
final class AssessmentStatements {
  private AssessmentStatements() {}

  static final String COLUMNS = "kommun, id, subject_kind, subject_id, org_unit_id, period, version, result, "
      + "motivation, assessed_by, recorded_by, recorded_at";

  /**
   * Writers of one subject's bedömning for a period take turns: each waits here, within its transaction, until the one
   * before it has committed. The two-key form keeps these locks apart from the service's one-key locks (catalog
   * versions, scheduler); two subjects whose text hashes alike merely wait for each other.
   */
  static final String LOCK_SUBJECT = """
      SELECT pg_advisory_xact_lock(90, hashtext(concat_ws('/', $1::text, $2::text, $3::text, $4::text, $5::text)))""";

  /**
   * The next version of one subject's bedömning for a period. Run after {@link #LOCK_SUBJECT} in the same
   * transaction, at read committed, the statement sees every version committed before it got the lock; the unique
   * constraint stays the last word.
   */
  static final String INSERT = """
      INSERT INTO assessment (kommun, subject_kind, subject_id, org_unit_id, period, period_start, period_end,
                              version, result, motivation, assessed_by, recorded_by, recorded_at)
      SELECT $1, $2, $3, $4, $5, $6, $7, COALESCE(MAX(version), 0) + 1, $8, $9, $10, $11, $12
        FROM assessment
       WHERE kommun = $1 AND subject_kind = $2 AND subject_id = $3 AND org_unit_id = $4 AND period = $5
      RETURNING\s""" + COLUMNS;

  static final String HISTORY = "SELECT " + COLUMNS + """

        FROM assessment
       WHERE kommun = $1 AND subject_kind = $2 AND subject_id = $3 AND org_unit_id = $4 AND period = $5
       ORDER BY version DESC""";

  /** The newest version for each (kommun, kind, subject, unit, period) asked for. */
  static final String STANDING = "SELECT DISTINCT ON (a.kommun, a.subject_kind, a.subject_id, a.org_unit_id, a.period) a."
      + COLUMNS.replace(", ", ", a.") + """

        FROM assessment a
        JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
             AS k(kommun, subject_kind, subject_id, org_unit_id, period)
          ON a.kommun = k.kommun AND a.subject_kind = k.subject_kind AND a.subject_id = k.subject_id
         AND a.org_unit_id = k.org_unit_id AND a.period = k.period
       ORDER BY a.kommun, a.subject_kind, a.subject_id, a.org_unit_id, a.period, a.version DESC""";

  /**
   * For each (kommun, goal, unit) asked for, the newest version of its bedömning for the latest period that has one
   * (of two periods ending on the same day, the shorter: tertial 3 before the year).
   */
  static final String LATEST_PERIOD = "SELECT DISTINCT ON (a.kommun, a.subject_id, a.org_unit_id) a."
      + COLUMNS.replace(", ", ", a.") + """

        FROM assessment a
        JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(kommun, subject_id, org_unit_id)
          ON a.kommun = k.kommun AND a.subject_kind = $4 AND a.subject_id = k.subject_id
         AND a.org_unit_id = k.org_unit_id
       ORDER BY a.kommun, a.subject_id, a.org_unit_id, a.period_end DESC, a.period_start DESC, a.version DESC""";
}
