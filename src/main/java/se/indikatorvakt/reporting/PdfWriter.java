package se.indikatorvakt.reporting;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the report's XHTML into PDF/A-2u with openhtmltopdf: fonts embedded (DejaVu Sans, from the classpath, so the
 * result does not depend on the machine's fonts), the sRGB output intent every PDF/A needs, and the inline SVG charts
 * drawn as vectors by Batik with scripts and external resources refused. Blocking and CPU-bound: call on a worker.
 */
final class PdfWriter {
  private static final String FONTS = "net/sf/jasperreports/fonts/dejavu/";
  private static final String FAMILY = "DejaVu Sans";
  private static final Logger LOG = LoggerFactory.getLogger("com.openhtmltopdf");
  private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

  static {
    XRLog.setLoggerImpl(new ServiceLog());
  }

  /**
   * The renderer's log into the service's (SLF4J) instead of java.util.logging on stderr; its INFO lines (timings,
   * every font loaded) are debug here, so a report adds nothing to the log unless something is wrong.
   */
  private static final class ServiceLog implements XRLogger {
    @Override
    public void log(String where, Level level, String message) {
      log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable error) {
      if (level.intValue() >= Level.SEVERE.intValue()) {
        LOG.error("{}: {}", where, message, error);
      } else if (level.intValue() >= Level.WARNING.intValue()) {
        LOG.warn("{}: {}", where, message, error);
      } else {
        LOG.debug("{}: {}", where, message, error);
      }
    }

    @Override
    public void setLevel(String logger, Level level) {
      // Logback's configuration decides which levels are written
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
      return diagnostic.getLevel().intValue() >= Level.WARNING.intValue() || LOG.isDebugEnabled();
    }
  }

  private PdfWriter() {}

  static byte[] pdf(String xhtml) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_2_U);
      builder.useColorProfile(SRGB);
      builder.useFont(() -> font("DejaVuSans.ttf"), FAMILY, 400, FontStyle.NORMAL, true);
      builder.useFont(() -> font("DejaVuSans-Bold.ttf"), FAMILY, 700, FontStyle.NORMAL, true);
      builder.useFont(() -> font("DejaVuSans-Oblique.ttf"), FAMILY, 400, FontStyle.ITALIC, true);
      // the generic families too, so a template that names none still gets an embedded font (PDF/A demands it)
      for (String generic : new String[] {"serif", "sans-serif"}) {
        builder.useFont(() -> font("DejaVuSans.ttf"), generic, 400, FontStyle.NORMAL, true);
        builder.useFont(() -> font("DejaVuSans-Bold.ttf"), generic, 700, FontStyle.NORMAL, true);
      }
      builder.useSVGDrawer(new BatikSVGDrawer(BatikSVGDrawer.SvgScriptMode.SECURE,
          BatikSVGDrawer.SvgExternalResourceMode.SECURE));
      builder.withHtmlContent(xhtml, null);
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("the report could not be written as PDF: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static InputStream font(String file) {
    InputStream in = PdfWriter.class.getClassLoader().getResourceAsStream(FONTS + file);
    if (in == null) {
      throw new IllegalStateException("font " + file + " is missing from the classpath (jasperreports-fonts)");
    }
    return in;
  }
}
