package se.indikatorvakt.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A PostgreSQL server address given as {@code postgresql://user:password@host:port/database}. */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static Optional<DatabaseUrl> parse(String text, StringBuilder problem) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      problem.append("'").append(redact(text)).append("' is not a URL like postgresql://user:password@host:5432/db");
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
      problem.append("must start with postgresql:// (got '").append(redact(text)).append("')");
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      problem.append("has no host: expected postgresql://user:password@host:5432/db");
      return Optional.empty();
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isBlank() || path.contains("/")) {
      problem.append("must name one database after the host, as in postgresql://user:password@host:5432/db");
      return Optional.empty();
    }
    if (uri.getQuery() != null) {
      problem.append("query parameters are not supported (got '?").append(uri.getQuery()).append("')");
      return Optional.empty();
    }
    String user = "postgres";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return Optional.of(new DatabaseUrl(uri.getHost(), port, path, user, password));
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Never put the password into a log line or an error message. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String redact(String text) {
    return text.replaceAll("(//[^:/@]*:)[^@]*@", "$1***@");
  }
}
