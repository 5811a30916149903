package se.indikatorvakt.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock tests move by hand, shared with the service they start, so days pass in milliseconds.
 * A stopped clock stands still between moves (for exact dates); a running one follows the system clock
 * plus the moves (for timers that must still fire on their own).
 */
public final class TestClock extends Clock {
  private final boolean running;
  private volatile Instant stoppedAt;
  private volatile Duration offset = Duration.ZERO;

  private TestClock(boolean running, Instant stoppedAt) {
    this.running = running;
    this.stoppedAt = stoppedAt;
  }

  public static TestClock stoppedAt(Instant instant) {
    return new TestClock(false, instant);
  }

  public static TestClock running() {
    return new TestClock(true, null);
  }

  public void advance(Duration by) {
    if (running) {
      offset = offset.plus(by);
    } else {
      stoppedAt = stoppedAt.plus(by);
    }
  }

  public void set(Instant instant) {
    if (running) {
      offset = Duration.between(Instant.now(), instant);
    } else {
      stoppedAt = instant;
    }
  }

  @Override
  public Instant instant() {
    return running ? Instant.now().plus(offset) : stoppedAt;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
