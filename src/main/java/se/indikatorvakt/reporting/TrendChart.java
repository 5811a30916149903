package se.indikatorvakt.reporting;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import se.indikatorvakt.evaluation.Result;

/**
 * The trend of one series as a small SVG line chart: a point per period coloured by its verdict, and the målvärde as
 * a dashed line. Vector, drawn by the browser and by the PDF renderer alike. It holds no text: the periods and
 * values are printed as numbers beside it, so nothing is told by the picture alone.
 */
final class TrendChart {
  static final int WIDTH = 240;
  static final int HEIGHT = 64;
  private static final int PAD = 6;

  private TrendChart() {}

  static String svg(List<ReportData.TrendPoint> points, OptionalDouble target) {
    double min = points.stream().mapToDouble(ReportData.TrendPoint::value).min().orElse(0);
    double max = points.stream().mapToDouble(ReportData.TrendPoint::value).max().orElse(1);
    if (target.isPresent()) {
      min = Math.min(min, target.getAsDouble());
      max = Math.max(max, target.getAsDouble());
    }
    if (max - min < 1e-9) {
      min -= 1;
      max += 1;
    }
    StringBuilder svg = new StringBuilder()
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"Trend\">")
        .append("<rect x=\"0.5\" y=\"0.5\" width=\"").append(WIDTH - 1).append("\" height=\"").append(HEIGHT - 1)
        .append("\" fill=\"#ffffff\" stroke=\"#c8c8c8\" stroke-width=\"1\"/>");
    if (target.isPresent()) {
      double y = y(target.getAsDouble(), min, max);
      svg.append("<line x1=\"").append(PAD).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(WIDTH - PAD)
          .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#555555\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>");
    }
    if (points.size() > 1) {
      svg.append("<polyline fill=\"none\" stroke=\"#005a9c\" stroke-width=\"2\" points=\"");
      for (int i = 0; i < points.size(); i++) {
        svg.append(fmt(x(i, points.size()))).append(',').append(fmt(y(points.get(i).value(), min, max))).append(' ');
      }
      svg.append("\"/>");
    }
    for (int i = 0; i < points.size(); i++) {
      svg.append("<circle cx=\"").append(fmt(x(i, points.size()))).append("\" cy=\"")
          .append(fmt(y(points.get(i).value(), min, max))).append("\" r=\"4\" fill=\"")
          .append(colour(points.get(i).result())).append("\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
    }
    return svg.append("</svg>").toString();
  }

  static String colour(Result result) {
    return switch (result) {
      case UPPFYLLT -> "#1a7f37";
      case DELVIS_UPPFYLLT -> "#b35900";
      case EJ_UPPFYLLT -> "#b00020";
      case INGET_MAL -> "#6b6b6b";
    };
  }

  private static double x(int index, int count) {
    return count == 1 ? WIDTH / 2.0 : PAD + 4 + index * (WIDTH - 2.0 * PAD - 8) / (count - 1);
  }

  private static double y(double value, double min, double max) {
    return HEIGHT - PAD - 4 - (value - min) / (max - min) * (HEIGHT - 2.0 * PAD - 8);
  }

  private static String fmt(double number) {
    return String.format(Locale.ROOT, "%.1f", number);
  }
}
