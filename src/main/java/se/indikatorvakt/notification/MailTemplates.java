package se.indikatorvakt.notification;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The email's wording: Mustache files read once at start, from {@code notification.templateDir} where that folder
 * has the file, else the built-in ones (classpath {@code templates/}). The HTML templates escape every value; the
 * subject and the plain text are not HTML and are not escaped.
 */
final class MailTemplates {
  private static final String BUILT_IN = "templates/";
  private static final String SUFFIX = ".mustache";
  /**
   * The characters that can end a text or a quoted attribute, or start markup. JMustache's own HTML escaper also
   * encodes "=", which makes every link's query string unreadable in the source for no gain: the templates quote
   * every attribute.
   */
  private static final Mustache.Escaper HTML = Escapers.simple(new String[][] {
      {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}, {"`", "&#96;"}});

  private final Template subject;
  private final Template text;
  private final Template html;
  private final Template yearlySubject;
  private final Template yearlyText;
  private final Template yearlyHtml;

  private MailTemplates(Template subject, Template text, Template html, Template yearlySubject, Template yearlyText,
      Template yearlyHtml) {
    this.subject = subject;
    this.text = text;
    this.html = html;
    this.yearlySubject = yearlySubject;
    this.yearlyText = yearlyText;
    this.yearlyHtml = yearlyHtml;
  }

  /** Blocking file reads: call on a worker thread. Fails on a missing or malformed template. */
  static MailTemplates load(Optional<Path> folder) {
    Mustache.TemplateLoader loader = name -> new java.io.StringReader(read(folder, name));
    Mustache.Compiler plain = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true).nullValue("")
        .withLoader(loader);
    Mustache.Compiler escaping = plain.withEscaper(HTML);
    return new MailTemplates(plain.compile(read(folder, "subject")), plain.compile(read(folder, "body.txt")),
        escaping.compile(read(folder, "body.html")), plain.compile(read(folder, "missing-targets.subject")),
        plain.compile(read(folder, "missing-targets.txt")), escaping.compile(read(folder, "missing-targets.html")));
  }

  MailContent render(MailView view) {
    return render(subject, text, html, view);
  }

  /** The yearly list of lapsed målvärden to a kommun's catalog owner. */
  MailContent render(MissingTargetsMail.View view) {
    return render(yearlySubject, yearlyText, yearlyHtml, view);
  }

  private static MailContent render(Template subject, Template text, Template html, Object view) {
    String renderedSubject = subject.execute(view).replaceAll("[\\r\\n]+", "").replaceAll("\\s{2,}", " ").strip();
    String renderedText = text.execute(view).replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip()
        + "\n";
    return new MailContent(renderedSubject, renderedText, html.execute(view));
  }

  private static String read(Optional<Path> folder, String name) {
    String file = name + SUFFIX;
    try {
      if (folder.isPresent() && Files.isRegularFile(folder.get().resolve(file))) {
        return Files.readString(folder.get().resolve(file), StandardCharsets.UTF_8);
      }
      try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(BUILT_IN + file)) {
        if (in == null) {
          throw new IllegalStateException("template " + file + " is missing from the built-in templates");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + file + ": " + e.getMessage(), e);
    }
  }
}
