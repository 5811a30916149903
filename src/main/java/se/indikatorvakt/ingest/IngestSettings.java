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
  private static final Duration MAX_GATHER_WINDOW = Duration.ofMillis(100);

  public static IngestSettings from(SettingsReader in) {
    return new IngestSettings(in.bool("ingest.groupCommit"), in.integer("ingest.maxGroupSize", 1, 10_000),
        in.integer("ingest.concurrentTransactions", 1, 100), gatherWindow(in));
  }

  /**
   * The window's timer counts whole milliseconds: a shorter or finer value would be cut down without a word (under a
   * millisecond, to no window at all), so it is refused. A window of seconds would hold every POST that long.
   */
  private static Duration gatherWindow(SettingsReader in) {
    Duration window = in.duration("ingest.gatherWindow", Duration.ZERO);
    if (window.toNanosPart() % 1_000_000 != 0) {
      return in.problem("ingest.gatherWindow", window + " is not a whole number of milliseconds; PT0S turns the"
          + " window off, PT0.001S is the shortest", Duration.ZERO);
    }
    if (window.compareTo(MAX_GATHER_WINDOW) > 0) {
      return in.problem("ingest.gatherWindow", window + " is longer than " + MAX_GATHER_WINDOW, Duration.ZERO);
    }
    return window;
  }

  /**
   * The shared ingest transactions in flight at once over a pool of {@code connections}: at most half of them, so
   * that reads, the scheduler and the gauges always find one, and at least one.
   */
  public int transactionsInFlight(int connections) {
    return Math.max(1, Math.min(concurrentTransactions, connections / 2));
  }
}
