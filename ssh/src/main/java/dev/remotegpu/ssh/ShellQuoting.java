package dev.remotegpu.ssh;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one function that turns an argument vector into a POSIX shell command line. Every remote command
 * remotegpu sends goes through it; nothing builds shell strings by concatenating raw arguments.
 *
 * <p>Words made only of {@code [A-Za-z0-9_@%+:,./-]} stay as they are; every other word (empty, spaces,
 * quotes, {@code $}, backticks, {@code ;}, newlines, non-ASCII, {@code =}, {@code ~}, shell reserved words
 * ...) is wrapped in single quotes, with each {@code '} written as {@code '"'"'}. The result is read back
 * byte for byte by {@code sh}, {@code dash}, {@code bash}, {@code ksh} and {@code zsh}; not by csh or fish.
 */
public final class ShellQuoting {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+:,./-]+");
  private static final Set<String> RESERVED = Set.of("!", "case", "coproc", "do", "done", "elif", "else",
      "esac", "fi", "for", "function", "if", "in", "select", "then", "time", "until", "while");

  private ShellQuoting() {
  }

  /**
   * Quotes {@code argv} as one command line: each element becomes exactly one shell word.
   *
   * @throws IllegalArgumentException when {@code argv} is empty or an element contains NUL, which no
   *     process argument can carry
   */
  public static String quote(List<String> argv) {
    Objects.requireNonNull(argv, "argv");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must name a program: it is empty");
    }
    StringBuilder line = new StringBuilder();
    for (String arg : argv) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(arg));
    }
    return line.toString();
  }

  /**
   * Quotes one word so the shell reads it back unchanged.
   *
   * @throws IllegalArgumentException when {@code word} contains NUL
   */
  public static String quote(String word) {
    Objects.requireNonNull(word, "word");
    if (word.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot contain a NUL character");
    }
    if (SAFE.matcher(word).matches() && !RESERVED.contains(word)) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }
}
