package se.indikatorvakt.notification;

/**
 * Subject lines a phone shows whole: at most {@value #MAX} characters, the verdict first, the number early, the
 * unit's short name last. When the parts do not fit, the indicator's name is shortened first, then the unit's.
 */
final class SubjectLine {
  static final int MAX = 78;
  private static final String ELLIPSIS = "…";

  private SubjectLine() {}

  /** "Ej uppfyllt: Väntetid daglig verksamhet 134 d (mål högst 90) – DV Norr". */
  static String of(String verdict, String indicator, String detail, String unit) {
    String head = verdict + ": ";
    String tail = (detail.isEmpty() ? "" : " " + detail) + (unit.isEmpty() ? "" : " – " + unit);
    if ((head + indicator + tail).length() <= MAX) {
      return head + indicator + tail;
    }
    int room = MAX - head.length() - tail.length();
    if (room >= 12) {
      return head + shorten(indicator, room) + tail;
    }
    String shortUnit = unit.isEmpty() ? "" : " – " + shorten(unit, Math.max(8, unit.length() - (12 - room)));
    String shortTail = (detail.isEmpty() ? "" : " " + detail) + shortUnit;
    return shorten(head + shorten(indicator, Math.max(12, MAX - head.length() - shortTail.length())) + shortTail, MAX);
  }

  /** "3 larm, 2 ej uppfyllt – Daglig verksamhet". */
  static String grouped(String prefix, String counts, String units) {
    String head = prefix + counts;
    return units.isEmpty() ? shorten(head, MAX) : shorten(head + " – " + shorten(units, Math.max(8,
        MAX - head.length() - 3)), MAX);
  }

  static String shorten(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - ELLIPSIS.length();
    if (Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end).stripTrailing() + ELLIPSIS;
  }
}
