package se.indikatorvakt.reporting;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The report's and the analysis page's wording: Mustache files read once at start, from {@code reports.templateDir}
 * where that folder has the file, else the built-in ones (classpath {@code reports/}). Every value is escaped; the
 * report is XHTML, so the escapes are XML's as well as HTML's.
 */
public final class ReportTemplates {
  private static final String BUILT_IN = "reports/";
  private static final String SUFFIX = ".mustache";
  static final String REPORT = "report.html";
  static final String ANALYSIS_PAGE = "analysis-page.html";
  private static final Mustache.Escaper ESCAPER = Escapers.simple(new String[][] {
      {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}, {"`", "&#96;"}});

  private final Template report;
  private final Template analysisPage;

  private ReportTemplates(Template report, Template analysisPage) {
    this.report = report;
    this.analysisPage = analysisPage;
  }

  /** Blocking file reads: call on a worker thread. Fails on a missing or malformed template. */
  public static ReportTemplates load(Optional<Path> folder) {
    Mustache.Compiler compiler = Mustache.compiler().withEscaper(ESCAPER).emptyStringIsFalse(true).defaultValue("")
        .withLoader(name -> new StringReader(read(folder, name)));
    return new ReportTemplates(compiler.compile(read(folder, REPORT)), compiler.compile(read(folder, ANALYSIS_PAGE)));
  }

  String report(Map<String, Object> view) {
    return report.execute(view);
  }

  String analysisPage(Map<String, Object> view) {
    return analysisPage.execute(view);
  }

  private static String read(Optional<Path> folder, String name) {
    String file = name + SUFFIX;
    try {
      if (folder.isPresent() && Files.isRegularFile(folder.get().resolve(file))) {
        return Files.readString(folder.get().resolve(file), StandardCharsets.UTF_8);
      }
      try (InputStream in = ReportTemplates.class.getClassLoader().getResourceAsStream(BUILT_IN + file)) {
        if (in == null) {
          throw new IllegalStateException("template " + file + " is missing from the built-in report templates");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report template " + file + ": " + e.getMessage(), e);
    }
  }
}
