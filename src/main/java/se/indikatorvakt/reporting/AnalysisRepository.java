package se.indikatorvakt.reporting;

import java.util.Set;
import se.indikatorvakt.db.KommunScope;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Analyses in PostgreSQL: every version kept, the newest shown. */
public final class AnalysisRepository {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int ATTEMPTS = 3;

  /**
   * Stores a new version, in the subject's kommun's scope; a concurrent writer of the same subject makes this one the
   * version after.
   */
  public Future<Analysis> insert(Pool db, AnalysisLinks.Subject subject, String analysis, String actions,
      String author, Instant now) {
    return insert(db, subject, analysis, actions, author, now, 1);
  }

  private Future<Analysis> insert(Pool db, AnalysisLinks.Subject subject, String analysis, String actions,
      String author, Instant now, int attempt) {
    return KommunScope.statement(db, Set.of(subject.kommun()), conn -> conn.preparedQuery(
            ReportStatements.INSERT_ANALYSIS)
        .execute(Tuple.of(subject.kommun(), subject.indicator(), subject.orgUnit(), subject.period(), analysis,
            actions, author, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))))
        .map(rows -> analysis(rows.iterator().next()))
        .recover(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()) && attempt < ATTEMPTS
            ? insert(db, subject, analysis, actions, author, now, attempt + 1)
            : Future.failedFuture(e));
  }

  /** Newest first. */
  public Future<List<Analysis>> history(Pool db, AnalysisLinks.Subject subject) {
    return KommunScope.statement(db, Set.of(subject.kommun()), conn -> conn.preparedQuery(
            ReportStatements.ANALYSIS_HISTORY)
        .execute(Tuple.of(subject.kommun(), subject.indicator(), subject.orgUnit(), subject.period())))
        .map(rows -> {
          List<Analysis> found = new ArrayList<>();
          rows.forEach(row -> found.add(analysis(row)));
          return found;
        });
  }

  /** The newest version of each subject of one kommun that has any. */
  public Future<List<Analysis>> latest(SqlClient db, String kommun, List<AnalysisLinks.Subject> subjects) {
    if (subjects.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(ReportStatements.LATEST_ANALYSES)
        .execute(Tuple.tuple().addString(kommun)
            .addArrayOfString(subjects.stream().map(AnalysisLinks.Subject::indicator).toArray(String[]::new))
            .addArrayOfString(subjects.stream().map(AnalysisLinks.Subject::orgUnit).toArray(String[]::new))
            .addArrayOfString(subjects.stream().map(AnalysisLinks.Subject::period).toArray(String[]::new)))
        .map(rows -> {
          List<Analysis> found = new ArrayList<>();
          rows.forEach(row -> found.add(analysis(row)));
          return found;
        });
  }

  private static Analysis analysis(Row row) {
    return new Analysis(row.getLong("id"), row.getString("kommun_code"), row.getString("indicator_id"),
        row.getString("org_unit_id"), row.getString("period"), row.getInteger("version"), row.getString("analysis"),
        row.getString("actions"), row.getString("author"), row.getOffsetDateTime("written_at").toInstant());
  }
}
