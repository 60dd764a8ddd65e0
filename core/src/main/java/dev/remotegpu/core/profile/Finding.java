package dev.remotegpu.core.profile;

import java.util.Objects;

/**
 * What a {@link Check} found: which gotcha applies, how bad it is, what in the observation shows it,
 * and what to do.
 *
 * @param gotchaId the gotcha that explains it, for example "GEN6"
 * @param severity how urgently it needs attention
 * @param message what was found, in one sentence
 * @param evidence the part of the observation that shows it (an output line, a value)
 * @param fix what to do about it
 */
public record Finding(String gotchaId, Severity severity, String message, String evidence, String fix) {

  public Finding {
    Objects.requireNonNull(gotchaId, "gotchaId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(fix, "fix");
  }

  @Override
  public String toString() {
    return severity + " [" + gotchaId + "] " + message + " (evidence: " + evidence + ") Fix: " + fix;
  }
}
