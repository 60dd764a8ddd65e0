package dev.remotegpu.examples.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of the README, with the {@code <!-- readme-test: ... -->} marker on the line above its
 * opening fence, if any. See {@link ReadmeSnippetsTest} for the convention.
 *
 * @param language the fence's info string ({@code java}, {@code xml}, {@code sh} ...)
 * @param firstLine the README line number (1-based) of the block's first content line
 * @param text the block's content, without the fences
 * @param marker the marker's text after {@code readme-test:}, empty when the block has none
 */
record ReadmeBlock(String language, int firstLine, String text, String marker) {
  private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!--\\s*readme-test:\\s*(.*?)\\s*-->\\s*$");
  private static final Pattern CONSUMER = Pattern.compile("\\bconsumer=(\\S+)");
  private static final Pattern TYPE = Pattern.compile(
      "^(?:public\\s+)?(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

  /** Every fenced block of {@code readme}, in order. */
  static List<ReadmeBlock> parse(String readme) {
    List<ReadmeBlock> blocks = new ArrayList<>();
    String[] lines = readme.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher open = FENCE.matcher(lines[i]);
      if (!open.matches()) {
        continue;
      }
      String marker = "";
      if (i > 0) {
        Matcher m = MARKER.matcher(lines[i - 1]);
        if (m.matches()) {
          marker = m.group(1);
        }
      }
      int start = i + 1;
      int end = start;
      while (end < lines.length && !lines[end].startsWith("```")) {
        end++;
      }
      if (end == lines.length) {
        throw new IllegalStateException("README.md line " + (i + 1) + ": the ``` fence is never closed");
      }
      blocks.add(new ReadmeBlock(open.group(1), start + 1, String.join("\n", List.of(lines).subList(start, end)),
          marker));
      i = end;
    }
    return blocks;
  }

  /** Where the block names itself: "README.md line N (```java block)". */
  String where() {
    return "README.md line " + firstLine + " (```" + language + " block)";
  }

  boolean skipped() {
    return marker.matches("(^|.*\\s)skip(\\s.*|$)");
  }

  boolean compileOnly() {
    return marker.matches("(^|.*\\s)compile-only(\\s.*|\\(.*|$)");
  }

  /** The path in the throwaway consumer project this block is copied to, if any. */
  Optional<String> consumerPath() {
    Matcher m = CONSUMER.matcher(marker);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The name of the first top-level type the block declares: then it is a complete compilation unit. */
  Optional<String> declaredType() {
    Matcher m = TYPE.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
