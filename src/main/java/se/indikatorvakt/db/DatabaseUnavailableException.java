package se.indikatorvakt.db;

/** The database could not be reached or did not answer in time; the caller may retry later. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(Throwable cause) {
    super("database unavailable: " + cause.getMessage(), cause, false, false);
  }
}
