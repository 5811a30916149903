package se.indikatorvakt.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for reading one request on one connection, which the idle timeout cannot give: it fires only on
 * silence, so a client that sends a byte a second would hold the connection for as long as it liked.
 *
 * <ul>
 *   <li>The headers must be complete within {@code headerTimeout} of their first byte.</li>
 *   <li>The body must arrive at {@code minBodyBytesPerSecond} on average, after a grace of {@code headerTimeout}:
 *       a body of n bytes may take headerTimeout + n / minBodyBytesPerSecond.</li>
 *   <li>A chunk the decoder cannot read (a bad chunk size) ends the request with 400.</li>
 * </ul>
 *
 * A client cut off gets 408 (400 for a broken chunk) as a problem, if nothing was answered yet, and the connection
 * is closed. Time in which the service itself stops reading (while it answers an earlier pipelined request) does
 * not count against the client. Two handlers share this state, one before the HTTP decoder (bytes arrive) and one
 * after it (a request's head, its body, the response); both run on the connection's event loop.
 */
final class RequestDeadlines {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

  private enum Phase { AWAITING, HEAD, BODY, CLOSED }

  private final long headerTimeoutNanos;
  private final long minBodyBytesPerSecond;
  private Phase phase = Phase.AWAITING;
  private long phaseStarted;
  private long bodyBytes;
  private boolean answered;
  private ScheduledFuture<?> check;
  /** When {@link #check} runs (System.nanoTime), if it is scheduled. */
  private long checkAt;
  private ChannelHandlerContext context;

  RequestDeadlines(ConnectionLimits limits) {
    this.headerTimeoutNanos = limits.headerTimeout().toNanos();
    this.minBodyBytesPerSecond = limits.minBodyBytesPerSecond();
  }

  /** Before the decoder: the first byte of a request starts its header clock. */
  ChannelHandler bytesIn() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.AWAITING && msg instanceof ByteBuf bytes && bytes.isReadable()) {
          begin(Phase.HEAD);
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  /** After the encoder (so that a refusal written here is encoded): the request's parts and the response. */
  ChannelHandler messages() {
    return new ChannelDuplexHandler() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.CLOSED) {
          ReferenceCountUtil.release(msg);
          return;
        }
        if (msg instanceof HttpRequest) {
          answered = false;
          bodyBytes = 0;
          begin(Phase.BODY);
        }
        if (msg instanceof HttpContent content) {
          if (content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            cut(Problem.of(400, ProblemType.BAD_REQUEST,
                "The chunked body is not well-formed HTTP/1.1 (RFC 9112 §7.1)."), "a malformed chunk");
            return;
          }
          bodyBytes += content.content().readableBytes();
          if (content instanceof LastHttpContent) {
            // the check stays scheduled and then finds nothing to do: cancelling it here and scheduling one per
            // phase changed the event loop's timer queue four times per request
            phase = Phase.AWAITING;
          }
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
          answered = true;
        }
        ctx.write(msg, promise);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        cancel();
        ctx.fireChannelInactive();
      }
    };
  }

  private void begin(Phase next) {
    phase = next;
    phaseStarted = System.nanoTime();
    schedule(phaseStarted, headerTimeoutNanos);
  }

  /**
   * Makes sure a check runs by {@code delayNanos} after {@code now}. A check already due by then is kept: it works out
   * what is left and schedules itself again, so a connection of short requests keeps one check, not one per phase.
   */
  private void schedule(long now, long delayNanos) {
    long at = now + Math.max(1, delayNanos);
    if (check != null && checkAt - at <= 0) {
      return;
    }
    cancel();
    if (context != null) {
      checkAt = at;
      check = context.executor().schedule(this::check, at - now, TimeUnit.NANOSECONDS);
    }
  }

  private void cancel() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void check() {
    check = null;
    long now = System.nanoTime();
    if (phase != Phase.HEAD && phase != Phase.BODY) {
      return;
    }
    if (!context.channel().config().isAutoRead()) {
      // the service is not reading (it answers an earlier request first): the client cannot be slow meanwhile
      phaseStarted = now;
      bodyBytes = 0;
      schedule(now, headerTimeoutNanos);
      return;
    }
    long allowed = headerTimeoutNanos
        + (phase == Phase.BODY ? bodyBytes * 1_000_000_000L / minBodyBytesPerSecond : 0);
    long remaining = phaseStarted + allowed - now;
    if (remaining > 0) {
      schedule(now, remaining);
    } else if (phase == Phase.HEAD) {
      cut(Problem.of(408, ProblemType.REQUEST_TIMEOUT, "The request headers did not arrive within "
          + seconds(headerTimeoutNanos) + "."), "headers too slow");
    } else {
      cut(Problem.of(408, ProblemType.REQUEST_TIMEOUT, "The body arrived slower than "
          + minBodyBytesPerSecond + " bytes per second."), "body too slow");
    }
  }

  private void cut(Problem problem, String why) {
    phase = Phase.CLOSED;
    cancel();
    LOG.debug("Closing a connection from {}: {}", context.channel().remoteAddress(), why);
    if (answered || !context.channel().isActive()) {
      context.close();
      return;
    }
    answered = true;
    byte[] body = problem.toJson(null).encode().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(problem.status()), Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, ProblemResponder.CONTENT_TYPE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private static String seconds(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
