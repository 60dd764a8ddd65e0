package dev.remotegpu.testfixtures.paperspace.internal;

import dev.remotegpu.testfixtures.paperspace.AutoShutdownUpdateMode;
import dev.remotegpu.testfixtures.paperspace.SimulatorSettings;
import java.util.Objects;

/** The simulator's switches, read on every request. */
public final class SettingsState implements SimulatorSettings {

  private volatile AutoShutdownUpdateMode autoShutdownUpdate = AutoShutdownUpdateMode.IGNORE;
  private volatile boolean inGoodStanding = true;
  private volatile boolean snapshotsSurvive;

  @Override
  public SimulatorSettings snapshotsSurviveMachineDelete(boolean survive) {
    snapshotsSurvive = survive;
    return this;
  }

  @Override
  public boolean snapshotsSurviveMachineDelete() {
    return snapshotsSurvive;
  }

  @Override
  public SimulatorSettings autoShutdownUpdate(AutoShutdownUpdateMode mode) {
    autoShutdownUpdate = Objects.requireNonNull(mode, "mode");
    return this;
  }

  @Override
  public SimulatorSettings accountStanding(boolean goodStanding) {
    inGoodStanding = goodStanding;
    return this;
  }

  @Override
  public AutoShutdownUpdateMode autoShutdownUpdateMode() {
    return autoShutdownUpdate;
  }

  @Override
  public boolean inGoodStanding() {
    return inGoodStanding;
  }

  /** Refuses {@code action} with the API's 403 while the account is not in good standing. */
  void requireGoodStanding(String action) {
    if (!inGoodStanding) {
      throw ApiError.ofStatus(403, "Your account is not in good standing; " + action
          + " is not allowed. Add a valid payment method or contact support.");
    }
  }
}
