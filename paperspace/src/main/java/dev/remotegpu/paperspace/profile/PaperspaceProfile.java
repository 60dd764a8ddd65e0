package dev.remotegpu.paperspace.profile;

import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Product;

/**
 * Entry point to the Paperspace profile (Gradient Notebooks and Core machines): the facts, the
 * survival matrix, billing, auto-shutdown clocks and gotchas PS1-PS13 as one immutable
 * {@link PlatformProfile}, loaded once.
 *
 * <pre>{@code
 * PlatformProfile profile = PaperspaceProfile.get();
 * profile.survival().survives(PaperspaceProfile.GRADIENT_NOTEBOOK, "/storage/ckpt", LifecycleEvent.STOP); // true
 * profile.gotcha("PS2").fix();
 * }</pre>
 */
public final class PaperspaceProfile {

  /** Gradient Notebooks: a managed Jupyter sandbox with {@code /storage}, {@code /notebooks} and an ephemeral workspace. */
  public static final Flavour GRADIENT_NOTEBOOK = new Flavour("gradient-notebook", "Gradient Notebook");
  /** Core machines: raw Linux/Windows VMs with a persistent block disk, full root and SSH. */
  public static final Flavour CORE = new Flavour("core-machine", "Core machine");

  /** A free Gradient notebook: public by default, 6 h hard auto-shutdown cap, one running at a time. */
  public static final Product GRADIENT_FREE_NOTEBOOK =
      new Product("gradient-free-notebook", "Gradient free notebook", GRADIENT_NOTEBOOK, true);
  /** A paid Gradient notebook: 12 h default auto-shutdown, settable from 1 h to 1 week. */
  public static final Product GRADIENT_PAID_NOTEBOOK =
      new Product("gradient-paid-notebook", "Gradient paid notebook", GRADIENT_NOTEBOOK, false);
  /** A Core machine: auto-shutdown 1 h to 1 week, wall-clock on Linux, set only at create or in the console. */
  public static final Product CORE_MACHINE = new Product("core-machine", "Core machine", CORE, false);

  private PaperspaceProfile() {
  }

  /** The Paperspace profile; built on first use and shared (it is immutable). */
  public static PlatformProfile get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final PlatformProfile INSTANCE = PaperspaceProfileData.profile();
  }
}
