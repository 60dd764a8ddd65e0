package dev.remotegpu.core.profile;

/**
 * A platform's operating facts as data: what survives a stop or a destroy, what still bills, the
 * auto-shutdown clocks, and the gotchas with their checks.
 */
public interface PlatformProfile {

  /** The platform's short name, for example "paperspace". */
  String platform();
}
