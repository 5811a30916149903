package se.indikatorvakt.reporting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import se.indikatorvakt.signing.SignedTokens;

/**
 * The "Skriv analys" link for one indicator, unit and period, made for the unit's manager:
 * {@code <base>/api/v1/analyses/page?kommun=&indicator=&orgUnit=&period=&token=}, the token signed over all of them,
 * the recipient and the expiry ({@link SignedTokens}). Whoever holds the link may write that one analysis until it
 * expires; the recipient is recorded as its author. The signed subject starts with its own label, so an
 * acknowledgement token made with the same secret is never a valid analysis token.
 */
public final class AnalysisLinks {
  private final String baseUrl;
  private final SignedTokens tokens;

  /** What an analysis is about. */
  public record Subject(String kommun, String indicator, String orgUnit, String period) {
    List<String> signed() {
      return List.of("analysis", kommun, indicator, orgUnit, period);
    }
  }

  public AnalysisLinks(String publicBaseUrl, String secret, Duration validity, Clock clock) {
    this.baseUrl = publicBaseUrl.replaceAll("/+$", "");
    this.tokens = new SignedTokens(secret, validity, clock);
  }

  /** The link for an email or the report draft; the recipient is the manager it is made for. */
  public String url(Subject subject, String recipientEmail) {
    return baseUrl + "/api/v1/analyses/page?kommun=" + encode(subject.kommun()) + "&indicator="
        + encode(subject.indicator()) + "&orgUnit=" + encode(subject.orgUnit()) + "&period=" + encode(subject.period())
        + "&token=" + token(subject, recipientEmail);
  }

  public String token(Subject subject, String recipientEmail) {
    return tokens.issue(subject.signed(), recipientEmail);
  }

  public SignedTokens.Verdict verify(Subject subject, String token) {
    return tokens.verify(subject.signed(), token);
  }

  public Duration validity() {
    return tokens.validity();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
