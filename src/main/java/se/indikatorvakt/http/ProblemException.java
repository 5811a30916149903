package se.indikatorvakt.http;

/** Fails a request with a given problem; thrown or failed by domain code, answered by {@link ProblemResponder}. */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final long retryAfterSeconds;

  public ProblemException(Problem problem) {
    this(problem, 0);
  }

  public ProblemException(Problem problem, long retryAfterSeconds) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Problem problem() {
    return problem;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
