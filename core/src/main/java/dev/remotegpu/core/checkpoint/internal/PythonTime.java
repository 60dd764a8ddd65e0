package dev.remotegpu.core.checkpoint.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Formats instants as Python's {@code datetime.now(timezone.utc).isoformat()} does. */
public final class PythonTime {
  private PythonTime() {}

  /** For example {@code 2026-11-28T21:37:27.123456+00:00}; the fraction is omitted when it is zero. */
  public static String isoformat(Instant instant) {
    ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
    int micros = t.getNano() / 1000;
    String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    return (micros == 0 ? base : base + String.format(".%06d", micros)) + "+00:00";
  }
}
