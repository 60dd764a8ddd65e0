package dev.remotegpu.core.profile;

import dev.remotegpu.core.BillableKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A platform's operating facts as data: what survives a stop or a destroy, what still bills, the
 * auto-shutdown clocks, the free tier, deprecated tooling, script overrides, the Iron Law and the
 * gotchas, with the queries a user needs.
 *
 * <pre>{@code
 * PlatformProfile profile = platform.profile();
 * profile.dangerClocks().forEach(System.out::println);      // surface these before anything runs
 * profile.gotchaIdFor(Hazard.AUTO_SHUTDOWN).map(profile::gotcha).map(Gotcha::fix);  // the platform's own fix
 * profile.gotchasMatching("killed at 12h").get(0).id();      // the auto-shutdown gotcha, on a platform with one
 * profile.billing().stillBillsWhenStopped();                // storage, public IPs, add-ons ...
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe; no method returns null.
 */
public interface PlatformProfile {

  /** The platform's short name, for example "generic-ssh". */
  String platform();

  /** The headline facts: meter stop verb, detach primitive, spot, shared fs, egress, driver ... */
  PlatformFacts facts();

  /** The compute flavours, each with its own storage layout. */
  List<Flavour> flavours();

  /** The products a user rents; auto-shutdown policies are per product. */
  List<Product> products();

  /** Which storage tier survives a stop and a destroy. */
  SurvivalMatrix survival();

  /** The billing model: rules per resource, what a stop leaves billing, how to stop every meter. */
  Billing billing();

  /** The billing rules, one per resource kind; the same as {@code billing().rules()}. */
  default List<BillingRule> billingRules() {
    return billing().rules();
  }

  /** The auto-shutdown clock of every product. */
  List<AutoShutdownPolicy> autoShutdownPolicies();

  /** The auto-shutdown policy of one product, or an {@link IllegalArgumentException} naming it. */
  default AutoShutdownPolicy autoShutdownPolicy(Product product) {
    Objects.requireNonNull(product, "product");
    return autoShutdownPolicies().stream().filter(p -> p.product().equals(product)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "no auto-shutdown policy for product '" + product.id() + "' on " + platform()));
  }

  /** The product with this id (case-insensitive), or an {@link IllegalArgumentException} listing the known ids. */
  default Product product(String id) {
    Objects.requireNonNull(id, "id");
    return products().stream().filter(p -> p.id().equalsIgnoreCase(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown product '" + id + "' on " + platform()
            + "; known: " + products().stream().map(Product::id).collect(Collectors.joining(", "))));
  }

  /** The flavour with this id (case-insensitive), or an {@link IllegalArgumentException} listing the known ids. */
  default Flavour flavour(String id) {
    Objects.requireNonNull(id, "id");
    return flavours().stream().filter(f -> f.id().equalsIgnoreCase(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown flavour '" + id + "' on " + platform()
            + "; known: " + flavours().stream().map(Flavour::id).collect(Collectors.joining(", "))));
  }

  /** The free tier's limits, when the platform has a free tier. */
  Optional<FreeTier> freeTier();

  /** Deprecated APIs, CLIs and package names, and the tool to use instead. */
  List<Deprecation> deprecations();

  /** The run-script variables per flavour. */
  List<ScriptOverrides> scriptOverrides();

  /** The run-script variables of one flavour, or an {@link IllegalArgumentException} naming it. */
  default ScriptOverrides scriptOverrides(Flavour flavour) {
    Objects.requireNonNull(flavour, "flavour");
    return scriptOverrides().stream().filter(s -> s.flavour().equals(flavour)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "no script overrides for flavour '" + flavour.id() + "' on " + platform()));
  }

  /** Which OS template each machine type needs or should have; empty when the platform says nothing. */
  default List<TemplateRequirement> templateRequirements() {
    return List.of();
  }

  /**
   * The template requirement for one machine type: the one naming it, else the catch-all for other types;
   * empty when neither exists.
   */
  default Optional<TemplateRequirement> templateRequirement(String machineType) {
    Objects.requireNonNull(machineType, "machineType");
    return templateRequirements().stream().filter(r -> r.names(machineType)).findFirst()
        .or(() -> templateRequirements().stream().filter(TemplateRequirement::catchAll).findFirst());
  }

  /** The teardown gate: nothing irreversible until checkpoints are pulled, verified by load, and approved. */
  String ironLaw();

  /** The platform's gotchas in id order. */
  List<Gotcha> gotchas();

  /**
   * One gotcha by id, case-insensitive ("gen6" finds GEN6).
   *
   * @throws IllegalArgumentException naming the id when there is no such gotcha
   */
  default Gotcha gotcha(String id) {
    Objects.requireNonNull(id, "id");
    return gotchas().stream().filter(g -> g.id().equalsIgnoreCase(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown gotcha id '" + id + "' on " + platform()
            + "; known: " + gotchas().stream().map(Gotcha::id).collect(Collectors.joining(", "))));
  }

  /**
   * Searches the gotchas with a user's own words ("machine switched itself off after twelve hours"):
   * every match with its score and the words that matched in which field, and whether the best one is a
   * confident answer (otherwise the matches are the nearest candidates).
   */
  GotchaSearchResult searchGotchas(String query);

  /**
   * The gotchas matching symptom words, most relevant first ("killed at 12h" finds the auto-shutdown gotcha
   * first on a platform with one); empty when nothing matches. {@link #searchGotchas(String)} says why and how sure.
   */
  default List<Gotcha> gotchasMatching(String words) {
    return searchGotchas(Objects.requireNonNull(words, "words")).gotchas();
  }

  /** The warnings to surface to the user before anything runs, most dangerous first. */
  List<DangerClock> dangerClocks();

  /** Documented facts without a typed home (launch, network, daemon notes). */
  List<ProfileNote> notes();

  /** The gotcha that explains why a billable of this kind keeps charging, when one does (used by teardown audits). */
  Optional<String> gotchaIdFor(BillableKind kind);

  /**
   * The gotcha that documents {@code hazard} on this platform, cited by the SDK's refusals and errors; empty when
   * the platform does not have that hazard or no gotcha of its profile covers it (the default).
   */
  default Optional<String> gotchaIdFor(Hazard hazard) {
    Objects.requireNonNull(hazard, "hazard");
    return Optional.empty();
  }

  /**
   * Whether some product of this platform ends runs with an auto-shutdown timer, so that a launch must set one
   * consciously (the dead man's switch); false on a platform without one (a box you own).
   */
  default boolean hasAutoShutdown() {
    return !autoShutdownPolicies().isEmpty();
  }

  /** The "why did the run vanish" check: OOM kill, auto-shutdown or crash, from dmesg, uptime and nvidia-smi. */
  Check<RunVanishedObservation> vanishDiagnosis();
}
