package dev.remotegpu.genericssh.checks.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time since boot in the output of {@code uptime} ("10:15:01 up 2 days,  3:04,  2 users, ...", "up 3 min")
 * or {@code uptime -p} ("up 1 week, 2 hours, 5 minutes"): every amount between "up" and the user count.
 */
public final class UptimeReading {

  private static final Pattern SINCE_BOOT = Pattern.compile("\\bup\\s+(.*?)(?:,\\s*\\d+\\s+users?|,\\s*load|$)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern AMOUNT = Pattern.compile(
      "(\\d+):(\\d{2})|(\\d+)\\s*(w|d|h|mi|m|s)[a-z]*", Pattern.CASE_INSENSITIVE);

  private UptimeReading() {}

  /**
   * The time since boot.
   *
   * @throws IllegalArgumentException naming the output when it holds no uptime
   */
  public static Duration since(String uptimeOutput) {
    Objects.requireNonNull(uptimeOutput, "uptimeOutput");
    Matcher up = SINCE_BOOT.matcher(uptimeOutput.strip());
    if (!up.find()) {
      throw new IllegalArgumentException("not uptime output (no 'up ...'): '" + uptimeOutput.strip() + "'");
    }
    Duration total = Duration.ZERO;
    boolean any = false;
    Matcher amount = AMOUNT.matcher(up.group(1));
    while (amount.find()) {
      any = true;
      if (amount.group(1) != null) {
        total = total.plusHours(Long.parseLong(amount.group(1))).plusMinutes(Long.parseLong(amount.group(2)));
        continue;
      }
      long n = Long.parseLong(amount.group(3));
      total = switch (amount.group(4).toLowerCase(Locale.ROOT)) {
        case "w" -> total.plusDays(7 * n);
        case "d" -> total.plusDays(n);
        case "h" -> total.plusHours(n);
        case "mi", "m" -> total.plusMinutes(n);
        default -> total.plusSeconds(n);
      };
    }
    if (!any) {
      throw new IllegalArgumentException("no time since boot in uptime output: '" + uptimeOutput.strip() + "'");
    }
    return total;
  }
}
