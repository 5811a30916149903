package se.indikatorvakt.assessment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.evaluation.Assessment;
import se.indikatorvakt.evaluation.Result;
import se.indikatorvakt.text.Codes;

/**
 * Bedömningar in PostgreSQL: every version kept, the newest in force. Non-blocking. The caller runs each call in a
 * {@link se.indikatorvakt.db.KommunScope} that names the kommun: outside one, the table shows and accepts nothing.
 */
public final class AssessmentRepository {

  /** A subject and period of one kommun, to look up its bedömning in force. */
  public record Key(String kommun, Assessment.Subject subject, String period) {}

  /**
   * Stores the next version. Must run in a transaction of its own ({@link se.indikatorvakt.db.KommunScope#transaction}):
   * a concurrent writer of the same subject and period waits for this one to commit and then writes the version after.
   */
  public Future<RecordedAssessment> insert(SqlConnection tx, String kommun, Period period, Assessment assessment,
      String recordedBy) {
    Assessment.Subject subject = assessment.subject();
    Tuple key = Tuple.of(kommun, subject.kind(), subject.id(), subject.orgUnit(), period.notation());
    Tuple values = Tuple.tuple().addString(kommun).addString(subject.kind()).addString(subject.id())
        .addString(subject.orgUnit()).addString(period.notation()).addLocalDate(period.start())
        .addLocalDate(period.end()).addString(assessment.verdict().code()).addString(assessment.motivation())
        .addString(assessment.assessedBy()).addString(recordedBy)
        .addOffsetDateTime(OffsetDateTime.ofInstant(assessment.assessedAt(), ZoneOffset.UTC));
    Future<?> locked = tx.preparedQuery(AssessmentStatements.LOCK_SUBJECT).execute(key);
    Future<RecordedAssessment> inserted = tx.preparedQuery(AssessmentStatements.INSERT).execute(values)
        .map(rows -> recorded(rows.iterator().next()));
    return Future.all(locked, inserted).map(both -> inserted.result());
  }

  /** Every version for the subject and period, newest first. */
  public Future<List<RecordedAssessment>> history(SqlClient db, String kommun, Assessment.Subject subject,
      String period) {
    return db.preparedQuery(AssessmentStatements.HISTORY)
        .execute(Tuple.of(kommun, subject.kind(), subject.id(), subject.orgUnit(), period))
        .map(AssessmentRepository::all);
  }

  /** The bedömning in force for each key that has one. */
  public Future<List<RecordedAssessment>> standing(SqlClient db, List<Key> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(AssessmentStatements.STANDING)
        .execute(Tuple.tuple()
            .addArrayOfString(keys.stream().map(Key::kommun).toArray(String[]::new))
            .addArrayOfString(keys.stream().map(k -> k.subject().kind()).toArray(String[]::new))
            .addArrayOfString(keys.stream().map(k -> k.subject().id()).toArray(String[]::new))
            .addArrayOfString(keys.stream().map(k -> k.subject().orgUnit()).toArray(String[]::new))
            .addArrayOfString(keys.stream().map(Key::period).toArray(String[]::new)))
        .map(AssessmentRepository::all);
  }

  /**
   * For each goal at its unit, the bedömning in force for the latest period that has one.
   *
   * @param kommuner the kommun of each goal, in the same order
   */
  public Future<List<RecordedAssessment>> latestOfGoals(SqlClient db, List<String> kommuner,
      List<Assessment.GoalSubject> goals) {
    if (goals.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(AssessmentStatements.LATEST_PERIOD)
        .execute(Tuple.tuple().addArrayOfString(kommuner.toArray(String[]::new))
            .addArrayOfString(goals.stream().map(Assessment.GoalSubject::goalId).toArray(String[]::new))
            .addArrayOfString(goals.stream().map(Assessment.GoalSubject::orgUnit).toArray(String[]::new))
            .addString("goal"))
        .map(AssessmentRepository::all);
  }

  private static List<RecordedAssessment> all(RowSet<Row> rows) {
    List<RecordedAssessment> found = new ArrayList<>();
    rows.forEach(row -> found.add(recorded(row)));
    return found;
  }

  private static RecordedAssessment recorded(Row row) {
    String unit = row.getString("org_unit_id");
    Assessment.Subject subject = "indicator".equals(row.getString("subject_kind"))
        ? new Assessment.IndicatorSubject(row.getString("subject_id"), unit)
        : new Assessment.GoalSubject(row.getString("subject_id"), unit);
    String period = row.getString("period");
    Result verdict = Codes.require(Result.class, row.getString("result"));
    Instant at = row.getOffsetDateTime("recorded_at").toInstant();
    return new RecordedAssessment(row.getLong("id"), row.getString("kommun"), row.getInteger("version"),
        Period.parseAny(period), row.getString("recorded_by"),
        new Assessment(subject, period, verdict, row.getString("motivation"), row.getString("assessed_by"), at));
  }

}
