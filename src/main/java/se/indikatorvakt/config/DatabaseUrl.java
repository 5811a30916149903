package se.indikatorvakt.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PostgreSQL server address given as {@code postgresql://user:password@host:port/database}, with the
 * libpq parameters {@code sslmode} and {@code sslrootcert} for a server that requires TLS.
 *
 * @param sslMode empty: no TLS (the address says nothing about it)
 * @param sslRootCert the CA certificate (PEM) that signed the server's certificate
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
    Optional<SslMode> sslMode, Optional<Path> sslRootCert) {

  private static final String EXAMPLE = "postgresql://user:password@host:5432/db";

  /** libpq's sslmode values, with libpq's meaning. */
  public enum SslMode {
    DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<SslMode> of(String code) {
      return Arrays.stream(values()).filter(mode -> mode.code().equals(code)).findFirst();
    }

    /** Whether the server's certificate is checked against {@code sslrootcert}. */
    public boolean verifies() {
      return this == VERIFY_CA || this == VERIFY_FULL;
    }
  }

  public DatabaseUrl(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, Optional.empty(), Optional.empty());
  }

  public static Optional<DatabaseUrl> parse(String text, StringBuilder problem) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      problem.append("'").append(redact(text)).append("' is not a URL like ").append(EXAMPLE);
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
      problem.append("must start with postgresql:// (got '").append(redact(text)).append("')");
      return Optional.empty();
    }
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int portAt = hostPort.lastIndexOf(':');
    if (portAt >= 0 && portAt > hostPort.lastIndexOf(']')) {
      String portText = hostPort.substring(portAt + 1);
      if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
        problem.append("port '").append(portText).append("' is not a port number 1..65535");
        return Optional.empty();
      }
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      problem.append("has no host: expected ").append(EXAMPLE);
      return Optional.empty();
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isBlank() || path.contains("/")) {
      problem.append("must name one database after the host, as in ").append(EXAMPLE);
      return Optional.empty();
    }
    Optional<SslMode> sslMode = Optional.empty();
    Optional<Path> sslRootCert = Optional.empty();
    if (uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        int equals = parameter.indexOf('=');
        String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
        if (name.equals("sslmode")) {
          sslMode = SslMode.of(value);
          if (sslMode.isEmpty()) {
            problem.append("sslmode '").append(value).append("' is not one of ").append(Arrays.stream(SslMode.values())
                .map(SslMode::code).collect(Collectors.joining(", ")));
            return Optional.empty();
          }
        } else if (name.equals("sslrootcert")) {
          sslRootCert = Optional.of(Path.of(value));
          if (!Files.isReadable(sslRootCert.get())) {
            problem.append("sslrootcert '").append(value).append("' is not a readable file");
            return Optional.empty();
          }
        } else {
          problem.append("parameter '").append(name).append("' is not supported (sslmode and sslrootcert are)");
          return Optional.empty();
        }
      }
    }
    if (sslMode.filter(SslMode::verifies).isPresent() && sslRootCert.isEmpty()) {
      problem.append("sslmode ").append(sslMode.get().code())
          .append(" needs sslrootcert, the CA file that signed the server's certificate");
      return Optional.empty();
    }
    if (sslRootCert.isPresent() && sslMode.filter(mode -> mode.compareTo(SslMode.REQUIRE) >= 0).isEmpty()) {
      problem.append("sslrootcert needs sslmode require, verify-ca or verify-full");
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
    return Optional.of(new DatabaseUrl(uri.getHost(), port, path, user, password, sslMode, sslRootCert));
  }

  /** The same server for JDBC (Flyway), which reads sslmode and sslrootcert as libpq does. */
  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
        .append(database);
    char separator = '?';
    if (sslMode.isPresent()) {
      url.append(separator).append("sslmode=").append(sslMode.get().code());
      separator = '&';
    }
    if (sslRootCert.isPresent()) {
      url.append(separator).append("sslrootcert=")
          .append(URLEncoder.encode(sslRootCert.get().toString(), StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  /** Never put the password into a log line or an error message. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database
        + sslMode.map(mode -> "?sslmode=" + mode.code()).orElse("");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String redact(String text) {
    return text.replaceAll("(//[^:/@]*:)[^@]*@", "$1***@");
  }
}
