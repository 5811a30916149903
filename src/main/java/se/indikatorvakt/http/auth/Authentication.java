package se.indikatorvakt.http.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.indikatorvakt.http.KeyCheck;
import se.indikatorvakt.http.Problem;
import se.indikatorvakt.http.ProblemType;
import se.indikatorvakt.http.ProblemException;

/**
 * Route handlers that admit a request only with a valid key ({@code Authorization: Bearer <key>})
 * of the right kind, and within that key's rate limit. They put the {@link Caller} into the context.
 */
public final class Authentication implements KeyCheck {
  private final List<KeyEntry> keys;
  private final SecuritySettings.RateLimit rateLimit;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /** A configured key by its SHA-256 as bytes (the settings hold it as 64 lowercase hex digits). */
  private record KeyEntry(byte[] hash, Caller caller) {}

  public Authentication(SecuritySettings settings) {
    this.rateLimit = settings.rateLimit();
    this.keys = settings.keys().stream()
        .map(k -> new KeyEntry(HexFormat.of().parseHex(k.sha256()), k.toCaller()))
        .toList();
  }

  /** A source system's key (or an admin's: admins may write too). */
  @Override
  public Handler<RoutingContext> source() {
    return ctx -> admit(ctx, false);
  }

  @Override
  public Handler<RoutingContext> admin() {
    return ctx -> admit(ctx, true);
  }

  /**
   * The gate in front of the contract check admits every request its operation says needs a key, and the module's
   * route admits again: a caller found once is not looked up or charged against its rate limit twice.
   */
  private void admit(RoutingContext ctx, boolean adminOnly) {
    Caller known = ctx.get(Caller.CONTEXT_KEY);
    if (known != null) {
      if (adminOnly && !known.admin()) {
        ctx.fail(adminRequired());
      } else {
        ctx.next();
      }
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    Caller caller = header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) ? null
        : find(header.substring(7).trim());
    if (caller == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"indikatorvakt\"");
      ctx.fail(new ProblemException(Problem.of(401, ProblemType.UNAUTHORIZED,
          "Send a valid API key as 'Authorization: Bearer <key>'.")));
      return;
    }
    if (adminOnly && !caller.admin()) {
      ctx.fail(adminRequired());
      return;
    }
    long wait = buckets.computeIfAbsent(caller.name(),
        name -> new TokenBucket(rateLimit.perSecond(), rateLimit.burst(), System.nanoTime())).take(System.nanoTime());
    if (wait > 0) {
      ctx.fail(new ProblemException(Problem.of(429, ProblemType.RATE_LIMITED,
          "Key '" + caller.name() + "' is over its limit of " + rateLimit.perSecond()
              + " requests per second; retry after " + wait + " s."), wait));
      return;
    }
    ctx.put(Caller.CONTEXT_KEY, caller);
    ctx.next();
  }

  private static ProblemException adminRequired() {
    return new ProblemException(Problem.of(403, ProblemType.ADMIN_KEY_REQUIRED,
        "This action needs an administrator key; source-system keys may only write measurements."));
  }

  private Caller find(String key) {
    if (key.isEmpty() || key.length() > 256) {
      return null;
    }
    byte[] hash = ApiKeys.digest(key);
    Caller found = null;
    for (KeyEntry entry : keys) {
      // compare against every key in constant time, so timing tells nothing about which hashes exist
      if (MessageDigest.isEqual(entry.hash(), hash)) {
        found = entry.caller();
      }
    }
    return found;
  }
}
