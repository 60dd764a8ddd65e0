package dev.remotegpu.paperspace.profile;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Billing;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Deprecation;
import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.FreeTier;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformFacts;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Product;
import dev.remotegpu.core.profile.ProfileNote;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.ScriptOverrides;
import dev.remotegpu.core.profile.SurvivalMatrix;
import dev.remotegpu.core.profile.TemplateRequirement;
import dev.remotegpu.paperspace.profile.internal.LuceneGotchaSearch;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The profile as plain immutable data; the facts themselves live in {@link PaperspaceProfileData}. */
record DataBackedProfile(
    String platform,
    PlatformFacts facts,
    List<Flavour> flavours,
    List<Product> products,
    SurvivalMatrix survival,
    Billing billing,
    List<AutoShutdownPolicy> autoShutdownPolicies,
    Optional<FreeTier> freeTier,
    List<TemplateRequirement> templateRequirements,
    List<Deprecation> deprecations,
    List<ScriptOverrides> scriptOverrides,
    String ironLaw,
    List<Gotcha> gotchas,
    List<DangerClock> dangerClocks,
    List<ProfileNote> notes,
    Map<BillableKind, String> gotchaIdsByBillableKind,
    Map<Hazard, String> gotchaIdsByHazard,
    LuceneGotchaSearch gotchaSearch) implements PlatformProfile {

  DataBackedProfile {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(facts, "facts");
    flavours = List.copyOf(flavours);
    products = List.copyOf(products);
    Objects.requireNonNull(survival, "survival");
    Objects.requireNonNull(billing, "billing");
    autoShutdownPolicies = List.copyOf(autoShutdownPolicies);
    Objects.requireNonNull(freeTier, "freeTier");
    templateRequirements = List.copyOf(templateRequirements);
    deprecations = List.copyOf(deprecations);
    scriptOverrides = List.copyOf(scriptOverrides);
    Objects.requireNonNull(ironLaw, "ironLaw");
    gotchas = List.copyOf(gotchas);
    dangerClocks = List.copyOf(dangerClocks);
    notes = List.copyOf(notes);
    gotchaIdsByBillableKind = Map.copyOf(new EnumMap<>(gotchaIdsByBillableKind));
    gotchaIdsByHazard = Map.copyOf(new EnumMap<>(gotchaIdsByHazard));
    Objects.requireNonNull(gotchaSearch, "gotchaSearch");
    for (String id : gotchaIdsByBillableKind.values()) {
      if (gotchas.stream().noneMatch(g -> g.id().equals(id))) {
        throw new IllegalArgumentException("billable kind mapped to unknown gotcha " + id);
      }
    }
    for (String id : gotchaIdsByHazard.values()) {
      if (gotchas.stream().noneMatch(g -> g.id().equals(id))) {
        throw new IllegalArgumentException("hazard mapped to unknown gotcha " + id);
      }
    }
  }

  @Override
  public Optional<String> gotchaIdFor(BillableKind kind) {
    return Optional.ofNullable(gotchaIdsByBillableKind.get(Objects.requireNonNull(kind, "kind")));
  }

  @Override
  public Optional<String> gotchaIdFor(Hazard hazard) {
    return Optional.ofNullable(gotchaIdsByHazard.get(Objects.requireNonNull(hazard, "hazard")));
  }

  @Override
  public GotchaSearchResult searchGotchas(String query) {
    return gotchaSearch.search(Objects.requireNonNull(query, "query"));
  }

  @Override
  public Check<RunVanishedObservation> vanishDiagnosis() {
    return new VanishDiagnosisCheck(this);
  }

  @Override
  public String toString() {
    return "PlatformProfile[" + platform + ", " + gotchas.size() + " gotchas]";
  }
}
