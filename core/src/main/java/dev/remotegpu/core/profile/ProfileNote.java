package dev.remotegpu.core.profile;

import java.util.Objects;

/**
 * A documented platform fact that has no typed home of its own (launch, network, daemon notes), kept so
 * that the profile holds every fact of its source.
 *
 * @param section the source section, for example "network"
 * @param topic what it is about, for example "dynamic public IP"
 * @param text the fact
 */
public record ProfileNote(String section, String topic, String text) {

  public ProfileNote {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(text, "text");
  }
}
