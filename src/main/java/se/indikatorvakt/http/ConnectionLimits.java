package se.indikatorvakt.http;

import java.time.Duration;

/**
 * How long a connection may hold the service while it sends a request, on both ports.
 *
 * @param idleTimeout a connection that sends and receives nothing this long is closed
 * @param headerTimeout a request's headers must be complete this long after their first byte; also the grace before
 *     {@code minBodyBytesPerSecond} applies to a body
 * @param minBodyBytesPerSecond the slowest average rate at which a body may arrive
 */
public record ConnectionLimits(Duration idleTimeout, Duration headerTimeout, int minBodyBytesPerSecond) {}
