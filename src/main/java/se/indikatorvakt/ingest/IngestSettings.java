package se.indikatorvakt.ingest;

import java.time.Duration;
import se.indikatorvakt.config.SettingsReader;

/**
 * @param groupCommit requests that arrive while ingest transactions are in flight share the next one
 * @param maxGroupSize measurements in one shared transaction; a larger request has a transaction of its own
 * @param concurrentTransactions shared ingest transactions in flight at once, of which one is prepared while the
 *     others flush their commits; the others' requests wait to join the next one (bounded by half the pool, so reads
 *     and the scheduler keep connections of their own)
 * @param gatherWindow after a commit, how long the next shared transaction may wait for as many requests as that
 *     commit answered (its callers' next requests); zero starts it with whatever waits
 */
public record IngestSettings(boolean groupCommit, int maxGroupSize, int concurrentTransactions,
    Duration gatherWindow) {
  public static IngestSettings from(SettingsReader in) {
    return new IngestSettings(in.bool("ingest.groupCommit"), in.integer("ingest.maxGroupSize", 1, 10_000),
        in.integer("ingest.concurrentTransactions", 1, 100), in.duration("ingest.gatherWindow", Duration.ZERO));
  }

  /**
   * The shared ingest transactions in flight at once over a pool of {@code connections}: at most half of them, so
   * that reads, the scheduler and the gauges always find one, and at least one.
   */
  public int transactionsInFlight(int connections) {
    return Math.max(1, Math.min(concurrentTransactions, connections / 2));
  }
}
