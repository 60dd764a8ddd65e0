package dev.remotegpu.examples.cli;

import picocli.CommandLine.Help.Ansi;

/** Colours for a terminal, plain text anywhere else (pipes, files, tests, {@code --json}). */
record Style(boolean colour) {

  /** Colours when {@code terminal} and NO_COLOR is not set. */
  static Style of(boolean terminal) {
    return new Style(terminal && System.console() != null && System.getenv("NO_COLOR") == null);
  }

  String bad(String text) {
    return paint("bold,red", text);
  }

  String warn(String text) {
    return paint("yellow", text);
  }

  String ok(String text) {
    return paint("green", text);
  }

  String strong(String text) {
    return paint("bold", text);
  }

  private String paint(String style, String text) {
    return colour ? Ansi.ON.string("@|" + style + " " + text.replace("|@", "| @") + "|@") : text;
  }
}
