package dev.remotegpu.core.profile;

/** How urgently a {@link Finding} needs attention. */
public enum Severity {
  /** Worth knowing; nothing is lost or billed by ignoring it now. */
  INFO,
  /** Likely to cost work, time or money unless acted on. */
  WARNING,
  /** Work will be lost, the run will be killed, or money keeps bleeding, unless acted on now. */
  CRITICAL
}
