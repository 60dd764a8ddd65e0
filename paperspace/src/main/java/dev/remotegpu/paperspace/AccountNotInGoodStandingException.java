package dev.remotegpu.paperspace;

import dev.remotegpu.core.RemoteGpuException;
import java.util.List;
import java.util.Objects;

/**
 * Paperspace says the account may not create billable resources now (no payment method, an admin lock,
 * or an unpaid balance), so a launch was refused before any create. Not retryable until the account is
 * fixed in the console (Billing).
 */
public class AccountNotInGoodStandingException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> platformMessages;

  /**
   * @param hasPaymentMethod whether the account has a payment method
   * @param adminLocked whether an administrator locked the account
   * @param platformMessages what Paperspace said, as given
   */
  public AccountNotInGoodStandingException(boolean hasPaymentMethod, boolean adminLocked,
      List<String> platformMessages) {
    super("the Paperspace account is not in good standing (payment method: " + (hasPaymentMethod ? "yes" : "none")
        + ", admin-locked: " + (adminLocked ? "yes" : "no")
        + (platformMessages.isEmpty() ? "" : ", messages: " + String.join(" | ", platformMessages))
        + "); nothing was created. Add a payment method or settle the account in the console (Billing), then"
        + " launch again", null, null, false, null);
    this.platformMessages = List.copyOf(Objects.requireNonNull(platformMessages, "platformMessages"));
  }

  /** What Paperspace said about the account, as given. */
  public List<String> platformMessages() {
    return platformMessages == null ? List.of() : platformMessages;
  }
}
