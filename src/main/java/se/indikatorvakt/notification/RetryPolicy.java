package se.indikatorvakt.notification;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed email is tried again, and when it is given up. The delay doubles per attempt up to a maximum, and
 * is spread by ±25 % so that the mail of many alerts, failed together during an outage, does not return together.
 */
record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxRejections, Duration giveUpAfter) {

  /**
   * @param attempts attempts made so far, at least 1
   * @param random a number in [0, 1)
   */
  Duration delayAfter(int attempts, double random) {
    long initial = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    long base = initial > max >> doublings ? max : Math.min(max, initial << doublings);
    long jittered = Math.round(base * (0.75 + 0.5 * random));
    return Duration.ofMillis(Math.max(1, jittered));
  }

  /** Messages queued before this instant are given up when they fail once more. */
  Instant giveUpQueuedBefore(Instant now) {
    return now.minus(giveUpAfter);
  }
}
