package se.indikatorvakt.http;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.Set;

/**
 * Vert.x's HTTP/1.x request decoder, stricter in two places where Netty is lenient.
 *
 * <p>{@code Transfer-Encoding: chunked} together with {@code Content-Length}: Netty drops the Content-Length and
 * reads chunks, which is what request smuggling behind a proxy that trusts Content-Length needs. RFC 9112 §6.1
 * lets a server treat such a message as an error, and says to close the connection after answering; here it is an
 * invalid request, answered 400 by {@link ProblemResponder#invalidRequest}, and nothing after it on that
 * connection is read.
 *
 * <p>A method that is not one of HTTP's standard nine arrives as {@code OTHER}: the router answers it as it would
 * answer any method it does not serve, and no text the client chose reaches a metric, a meter cache or a log line.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  static final String UNKNOWN_METHOD = "OTHER";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

  /** Why a request was refused while its headers were read. */
  static final class AmbiguousFramingException extends IllegalArgumentException {
    AmbiguousFramingException() {
      super("Transfer-Encoding and Content-Length together", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    if (METHODS.contains(initialLine[0])) {
      return super.createMessage(initialLine);
    }
    String[] renamed = initialLine.clone();
    renamed[0] = UNKNOWN_METHOD;
    return super.createMessage(renamed);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new AmbiguousFramingException();
  }
}
