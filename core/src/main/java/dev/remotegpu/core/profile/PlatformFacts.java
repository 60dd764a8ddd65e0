package dev.remotegpu.core.profile;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The headline facts of a platform (a profile's front matter), each with the note that qualifies it.
 *
 * @param kind how the platform is driven, for example "cloud-api"
 * @param meterStopVerb the platform's word for the action that stops the compute meter
 * @param meterStopIrreversible whether that stop is irreversible
 * @param detachPrimitive the tool that keeps a job alive across SSH drops, for example "tmux"
 * @param spotAvailable whether a spot/preemptible tier with an eviction warning exists
 * @param spotGrace the eviction warning of that tier, empty when there is none ("n/a")
 * @param sharedFs whether a team-shared file system exists
 * @param inodeCap a documented inode limit, empty when none is documented
 * @param freeEgress whether outbound traffic is free of charge
 * @param chinaMirrorNeeded whether the platform itself needs a mainland-China mirror or proxy
 * @param hostDriverCudaMax the highest CUDA the host driver supports, or a word such as "host-dependent"
 * @param localNvme what local fast disk a machine has, or a word such as "host-dependent"
 * @param notes the qualifying note of each fact, keyed by the component name (for example "sharedFs")
 */
public record PlatformFacts(
    String kind,
    String meterStopVerb,
    boolean meterStopIrreversible,
    String detachPrimitive,
    boolean spotAvailable,
    Optional<Duration> spotGrace,
    boolean sharedFs,
    Optional<Long> inodeCap,
    boolean freeEgress,
    boolean chinaMirrorNeeded,
    String hostDriverCudaMax,
    String localNvme,
    Map<String, String> notes) {

  public PlatformFacts {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(meterStopVerb, "meterStopVerb");
    Objects.requireNonNull(detachPrimitive, "detachPrimitive");
    Objects.requireNonNull(spotGrace, "spotGrace");
    Objects.requireNonNull(inodeCap, "inodeCap");
    Objects.requireNonNull(hostDriverCudaMax, "hostDriverCudaMax");
    Objects.requireNonNull(localNvme, "localNvme");
    notes = Map.copyOf(Objects.requireNonNull(notes, "notes"));
  }

  /** The note qualifying one fact, by component name (for example "meterStopVerb"). */
  public Optional<String> note(String fact) {
    return Optional.ofNullable(notes.get(Objects.requireNonNull(fact, "fact")));
  }
}
