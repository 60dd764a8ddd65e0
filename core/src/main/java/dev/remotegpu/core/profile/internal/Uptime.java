package dev.remotegpu.core.profile.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a machine has been up from the output of {@code uptime} (" 10:15:01 up 2 days,  3:04,
 * 2 users, load average: ...", "up 3 min", "up 12:01") or {@code uptime -p} ("up 1 week, 2 hours, 5 minutes").
 * The one parser behind {@link dev.remotegpu.core.profile.RunVanishedObservation#uptimeSinceBoot()}.
 */
public final class Uptime {

  private static final Pattern UP = Pattern.compile("\\bup\\s+(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CLOCK = Pattern.compile("(\\d+):(\\d{2})");
  private static final Pattern UNIT = Pattern.compile(
      "(\\d+)\\s*(weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)");

  private Uptime() {
  }

  /**
   * The time since boot.
   *
   * @throws IllegalArgumentException naming {@code uptimeOutput} when it holds no uptime
   */
  public static Duration parse(String uptimeOutput) {
    Objects.requireNonNull(uptimeOutput, "uptimeOutput");
    Matcher up = UP.matcher(uptimeOutput);
    if (!up.find()) {
      throw notUptime(uptimeOutput);
    }
    Duration total = Duration.ZERO;
    boolean parsed = false;
    for (String rawPart : up.group(1).split(",")) {
      String part = rawPart.trim().toLowerCase(Locale.ROOT);
      if (part.contains("user") || part.contains("load")) {
        break;
      }
      Matcher clock = CLOCK.matcher(part);
      Matcher unit = UNIT.matcher(part);
      if (clock.matches()) {
        total = total.plusHours(Long.parseLong(clock.group(1))).plusMinutes(Long.parseLong(clock.group(2)));
        parsed = true;
      } else if (unit.matches()) {
        long amount = Long.parseLong(unit.group(1));
        String name = unit.group(2);
        if (name.startsWith("w")) {
          total = total.plusDays(7 * amount);
        } else if (name.startsWith("d")) {
          total = total.plusDays(amount);
        } else if (name.startsWith("h")) {
          total = total.plusHours(amount);
        } else if (name.startsWith("m")) {
          total = total.plusMinutes(amount);
        } else {
          total = total.plusSeconds(amount);
        }
        parsed = true;
      } else if (!part.isEmpty()) {
        break;
      }
    }
    if (!parsed) {
      throw notUptime(uptimeOutput);
    }
    return total;
  }

  private static IllegalArgumentException notUptime(String output) {
    String shown = output.length() > 120 ? output.substring(0, 120) + "..." : output;
    return new IllegalArgumentException("uptimeOutput is not the output of uptime: '" + shown.strip() + "'");
  }
}
