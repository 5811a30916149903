package se.indikatorvakt.alerting;

import java.util.Map;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

class ScratchPlanTest {
  @Test
  void plan() {
    DatabaseUrl database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT1H");
    try (TestService service = TestService.start(env)) {
      ProofDb db = new ProofDb(database);
      db.execute("INSERT INTO measurement (indicator_id, org_unit_id, gender, period, period_type, period_start, period_end, value, result, source, created_at, updated_at) "
          + "SELECT 'ind-' || (i % 80), 'unit-' || (i % 300), 'T', 'p' || i, 'day', date '2020-01-01', date '2020-01-01', 1, 'met', 's', now(), now() FROM generate_series(1, 200000) i");
      db.execute("INSERT INTO alert_series SELECT DISTINCT indicator_id, org_unit_id FROM measurement");
      db.execute("ANALYZE");
      for (String sql : new String[] {AlertStatements.CADENCE_BROKEN, AlertStatements.LATEST_PERIODS}) {
        String explain = "EXPLAIN ANALYZE " + sql;
        Object[] args = sql == AlertStatements.CADENCE_BROKEN
            ? new Object[] {new String[] {"ind-1", "ind-2"}, new String[] {"p5", "p6"}, new String[] {"p1", "p2"}}
            : new Object[] {new String[] {"ind-1"}, new String[] {"unit-1"}, new String[] {"T"}, new Integer[] {6}};
        db.rows(explain, args).forEach(r -> System.out.println("PLAN " + r.values().iterator().next()));
      }
    } finally {
      TestDatabases.drop(database);
    }
  }
}
