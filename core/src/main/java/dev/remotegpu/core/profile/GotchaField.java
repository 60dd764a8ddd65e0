package dev.remotegpu.core.profile;

/** The parts of a {@link Gotcha} a search looks in; each weighs differently in the ranking. */
public enum GotchaField {
  /** The gotcha's id, for example "GEN6": a query naming it finds it. */
  ID,
  /** The words users type when they hit the gotcha ({@link Gotcha#keywords()}). */
  KEYWORDS,
  /** The one-line name. */
  TITLE,
  /** What the user sees. */
  SYMPTOM,
  /** Why it happens. */
  ROOT_CAUSE,
  /** What to do. */
  FIX,
  /** Commands and what to check in their output. */
  DIAGNOSTICS
}
