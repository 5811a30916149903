package se.indikatorvakt.ingest;

import se.indikatorvakt.config.SettingsReader;

/**
 * @param groupCommit requests that arrive while ingest transactions are in flight share the next one
 * @param maxGroupSize measurements in one shared transaction; a larger request has a transaction of its own
 */
public record IngestSettings(boolean groupCommit, int maxGroupSize) {
  public static IngestSettings from(SettingsReader in) {
    return new IngestSettings(in.bool("ingest.groupCommit"), in.integer("ingest.maxGroupSize", 1, 10_000));
  }
}
