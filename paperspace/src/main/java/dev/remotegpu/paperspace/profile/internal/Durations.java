package dev.remotegpu.paperspace.profile.internal;

import java.time.Duration;

/** Formats durations the way people say them: "6 h", "1 d 3 h", "45 min". */
public final class Durations {

  private Durations() {
  }

  /** A short human form of {@code duration}, for finding messages. */
  public static String human(Duration duration) {
    long minutes = duration.toMinutes();
    long days = minutes / (24 * 60);
    long hours = (minutes / 60) % 24;
    long mins = minutes % 60;
    StringBuilder text = new StringBuilder();
    if (days > 0) {
      text.append(days).append(" d");
    }
    if (hours > 0) {
      text.append(text.length() > 0 ? " " : "").append(hours).append(" h");
    }
    if (mins > 0 || text.length() == 0) {
      text.append(text.length() > 0 ? " " : "").append(mins).append(" min");
    }
    return text.toString();
  }
}
