package dev.remotegpu.genericssh;

import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.genericssh.internal.GenericSshProfileData;

/**
 * The facts of a bare box reached by SSH, as data: what survives, how it bills (your declared hourly rate,
 * nothing stops it automatically), the gotchas GEN1-GEN8 and the vanish ladder.
 *
 * <pre>{@code
 * PlatformProfile profile = GenericSshProfile.get();
 * profile.gotcha("GEN6").fix();                       // the box rebooted: resume with the same command
 * profile.gotchasMatching("run died when my laptop slept").get(0).id();   // "GEN2"
 * }</pre>
 */
public final class GenericSshProfile {

  /** The platform's short name. */
  public static final String PLATFORM = "generic-ssh";

  private GenericSshProfile() {}

  /** The profile (immutable, shared). */
  public static PlatformProfile get() {
    return GenericSshProfileData.INSTANCE;
  }
}
