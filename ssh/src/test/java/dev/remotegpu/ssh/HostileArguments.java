package dev.remotegpu.ssh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Fixed hostile shell arguments and seeded random ones, for the quoting fuzz tests. */
final class HostileArguments {
  static final List<String> FIXED = List.of("", " ", "  two  spaces  ", "a b", "'", "\"", "'\"'", "''", "\\",
      "\\'", "'\\''", "$(touch pwned)", "`touch pwned`", "$(printf x)", "${HOME}", "$HOME", "$1", "$@", "$*",
      "${IFS}", "; touch pwned", "&& touch pwned", "| cat", "> pwned", "< /etc/passwd", "a;b", "a&b", "(sub)",
      "{a,b}", "*", "?", "[a-z]*", "~", "~root", "#not a comment", "!", "!!", "!$", "\n", "line1\nline2",
      "\ttab", "trailing newline\n", "\r\n", "a=b", "PATH=/nowhere", "-n", "-e", "-E", "--", "-", "--help",
      "-rf", "-", "%s", "%d%%", "\\0", "\\n", "\u0001\u0002\u001b[31m", "é", "naïve café", "中文参数",
      "😀 emoji", "\u202eRTL", "\u00a0nbsp", "e\u0301", "if", "then", "fi", "time", "{", "}", "do", "!",
      "'$(touch pwned)'", "\"$(touch pwned)\"", "\\$(touch pwned)", "$'\\x41'", "x\"'`$\\;|&<>(){}*?~#!");

  private static final String ASCII_SPECIALS = " \t\n\r'\"`$\\;&|<>(){}[]*?~#!%^=,-_+:./@";
  private static final String[] NON_ASCII = {"é", "ü", "ß", "ø", "中", "文", "日本", "😀", "🚀", "\u202e", "\u00a0",
      "\u0301", "Ω", "ж", "\u2028"};

  private HostileArguments() {
  }

  /** {@code count} random argument vectors (0..6 args of 0..16 characters each) from {@code seed}. */
  static List<List<String>> random(long seed, int count) {
    Random random = new Random(seed);
    List<List<String>> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int args = random.nextInt(7);
      List<String> argv = new ArrayList<>();
      for (int a = 0; a < args; a++) {
        argv.add(randomWord(random));
      }
      cases.add(argv);
    }
    return cases;
  }

  private static String randomWord(Random random) {
    int length = random.nextInt(17);
    StringBuilder word = new StringBuilder();
    if (random.nextInt(8) == 0) {
      word.append(random.nextBoolean() ? "-" : "--");
    }
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        word.append(ASCII_SPECIALS.charAt(random.nextInt(ASCII_SPECIALS.length())));
      } else if (kind < 7) {
        word.append((char) ('a' + random.nextInt(26)));
      } else if (kind < 9) {
        word.append(NON_ASCII[random.nextInt(NON_ASCII.length)]);
      } else {
        word.append((char) (1 + random.nextInt(31)));
      }
    }
    return word.toString();
  }

  /** Splits {@code bytes} at each NUL into UTF-8 fields (what {@code printf '%s\0'} printed), the last NUL-ended. */
  static List<String> splitOnNul(byte[] bytes) {
    List<String> fields = new ArrayList<>();
    int begin = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        fields.add(new String(bytes, begin, i - begin, StandardCharsets.UTF_8));
        begin = i + 1;
      }
    }
    return fields;
  }
}
