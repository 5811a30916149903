package se.indikatorvakt.notification;

/** A rendered email: the subject line, the plain-text part and the HTML part. */
record MailContent(String subject, String text, String html) {}
