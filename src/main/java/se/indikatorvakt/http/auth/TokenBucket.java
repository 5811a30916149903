package se.indikatorvakt.http.auth;

/** A token bucket per key: {@code perSecond} refill, {@code burst} capacity. Thread-safe. */
final class TokenBucket {
  private final double perSecond;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double perSecond, double capacity, long nowNanos) {
    this.perSecond = perSecond;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes one token; returns 0 when allowed, otherwise the whole seconds to wait before retrying. */
  synchronized long take(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
  }
}
