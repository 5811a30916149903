package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/** Reacts to measurements inside the ingest transaction (the alerting engine is the one real listener). */
public interface MeasurementListener {

  /** For wiring without alerting and for tests that only exercise storage. */
  MeasurementListener NONE = (tx, changed) -> Future.succeededFuture();

  /** Called in the same transaction after the rows and their evaluations are written, with CREATED and
   *  REVISED measurements only, in request order; a failure rolls the whole request back. */
  Future<Void> onMeasurements(SqlConnection tx, List<EvaluatedMeasurement> changed);
}
