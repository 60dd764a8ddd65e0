package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchTarget;
import dev.remotegpu.paperspace.AccountNotInGoodStandingException;
import dev.remotegpu.paperspace.internal.ApiTypes.AccountStanding;
import dev.remotegpu.paperspace.internal.ApiTypes.CreateMachine;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineEvent;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import dev.remotegpu.paperspace.internal.ApiTypes.OsTemplate;
import dev.remotegpu.paperspace.internal.ApiTypes.Wrapped;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Paperspace side of the launch algorithm: validation, standing, availability, create, look-up by name. */
public final class PaperspaceLaunchTarget implements LaunchTarget<PaperspaceMachine> {
  private static final Logger LOG = LoggerFactory.getLogger(PaperspaceLaunchTarget.class);

  private final PaperspaceClient client;
  private final LaunchLedger ledger;
  private final Duration pollInterval;
  private final Duration createEventTimeout;
  private final boolean checkAccountStanding;
  private final Map<String, String> defaultTemplates = new ConcurrentHashMap<>();

  /**
   * @param createEventTimeout how long to follow a create's event for an {@code error} end (a capacity
   *     failure); zero to return as soon as the create answers
   * @param checkAccountStanding whether to call GET /billing/account-standing before creating
   */
  public PaperspaceLaunchTarget(PaperspaceClient client, LaunchLedger ledger, Duration pollInterval,
      Duration createEventTimeout, boolean checkAccountStanding) {
    this.client = Objects.requireNonNull(client, "client");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.createEventTimeout = Objects.requireNonNull(createEventTimeout, "createEventTimeout");
    this.checkAccountStanding = checkAccountStanding;
  }

  @Override
  public void validate(LaunchRequest request) {
    LaunchValidation.validate(request);
  }

  @Override
  public void checkStanding() {
    if (!checkAccountStanding) {
      return;
    }
    AccountStanding standing;
    try {
      standing = client.accountStanding();
    } catch (NotFoundException e) {
      LOG.warn("GET /billing/account-standing is not served at {}; launching without the standing check",
          client.baseUrl());
      return;
    }
    if (!Boolean.TRUE.equals(standing.isInGoodStanding())) {
      List<String> messages = standing.messages() == null ? List.of()
          : standing.messages().stream().map(String::valueOf).toList();
      throw new AccountNotInGoodStandingException(Boolean.TRUE.equals(standing.hasPaymentMethod()),
          Boolean.TRUE.equals(standing.isAdminLocked()), messages);
    }
  }

  @Override
  public boolean available(LaunchCandidate candidate) {
    return client.machineAvailable(candidate.machineType(), region(candidate));
  }

  @Override
  public PaperspaceMachine create(String machineName, LaunchCandidate candidate, LaunchRequest request) {
    String region = region(candidate);
    String templateId = request.templateId().orElseGet(() -> defaultTemplates.computeIfAbsent(
        candidate.machineType().toLowerCase(Locale.ROOT), type -> defaultTemplate(candidate.machineType())));
    Optional<Duration> window = request.autoShutdown();
    CreateMachine body = new CreateMachine(machineName, candidate.machineType(), templateId, request.diskSizeGb(),
        region, null, request.publicIpType().name().toLowerCase(Locale.ROOT), null, null, null,
        window.isPresent(), window.map(w -> (int) w.toHours()).orElse(null), window.isPresent() ? Boolean.TRUE : null,
        null, null, null, null, Boolean.FALSE, Boolean.TRUE, null, null);
    Wrapped<MachineJson> created = client.createMachine(body);
    if (created.data() == null || created.data().id() == null) {
      throw new RemoteGpuException("Paperspace answered POST /machines for " + machineName
          + " without a machine id; look the name up in the console before launching again");
    }
    MachineJson machine = created.data();
    MachineEvent event = created.event();
    if (event != null && event.id() != null && !createEventTimeout.isZero()) {
      MachineEvent last = client.awaitEvent(event.id(), createEventTimeout, pollInterval);
      if ("error".equals(last.state()) || "cancelled".equals(last.state())) {
        ledger.recordCreated(machineName, machine.id());
        LOG.warn("create of {} ({}) on {} ended in '{}': {}; the failed machine is recorded in the ledger as ours",
            machineName, machine.id(), candidate, last.state(), last.error());
        throw new CapacityUnavailableException("the create event of machine " + machine.id() + " on " + candidate
            + " ended in '" + last.state() + "'" + (last.error() == null ? "" : ": " + last.error()), machine.id(),
            null);
      }
      try {
        machine = client.getMachine(machine.id());
      } catch (RuntimeException e) {
        LOG.debug("could not re-read machine {} after its create event: {}", machine.id(), e.getMessage());
      }
    }
    return machine(machine);
  }

  @Override
  public Optional<PaperspaceMachine> findByName(String machineName) {
    return client.listMachines(Map.of("name", machineName)).stream()
        .filter(m -> machineName.equals(m.name()))
        .min(Comparator.comparing(m -> m.dtCreated() == null ? "" : m.dtCreated()))
        .map(this::machine);
  }

  @Override
  public Map<String, PaperspaceMachine> findByNames(Set<String> machineNames) {
    if (machineNames.size() == 1) {
      String only = machineNames.iterator().next();
      return findByName(only).map(m -> Map.of(only, m)).orElse(Map.of());
    }
    Map<String, PaperspaceMachine> found = new HashMap<>();
    for (MachineJson m : client.listMachines(Map.of())) {
      if (m.name() != null && machineNames.contains(m.name()) && !found.containsKey(m.name())) {
        found.put(m.name(), machine(m));
      }
    }
    return found;
  }

  @Override
  public String machineId(PaperspaceMachine machine) {
    return machine.id();
  }

  private PaperspaceMachine machine(MachineJson json) {
    return new PaperspaceMachine(json, client, pollInterval);
  }

  private static String region(LaunchCandidate candidate) {
    return Regions.code(candidate.region()).orElseThrow(() -> ValidationException.ofField("region",
        "unknown region '" + candidate.region() + "': use ny2, ca1 or ams1"));
  }

  /** The ML-in-a-Box template (else an Ubuntu one) that lists {@code machineType}, for requests without one. */
  private String defaultTemplate(String machineType) {
    List<OsTemplate> templates = client.listOsTemplates();
    Comparator<OsTemplate> preference = Comparator
        .comparing((OsTemplate t) -> !containsIgnoreCase(t.name(), "ml-in-a-box"))
        .thenComparing(t -> !containsIgnoreCase(t.name(), "ubuntu"))
        .thenComparing(t -> t.name() == null ? "" : t.name(), Comparator.reverseOrder());
    return templates.stream()
        .filter(t -> t.id() != null && supports(t, machineType))
        .filter(t -> containsIgnoreCase(t.name(), "ml-in-a-box") || containsIgnoreCase(t.name(), "ubuntu"))
        .sorted(preference)
        .map(OsTemplate::id)
        .findFirst()
        .orElseThrow(() -> ValidationException.ofField("templateId", "no ML-in-a-Box or Ubuntu OS template lists"
            + " machine type " + machineType + "; pass a template id explicitly"));
  }

  private static boolean supports(OsTemplate t, String machineType) {
    if (t.availableMachineTypes() == null || t.availableMachineTypes().isEmpty()) {
      return true;
    }
    return t.availableMachineTypes().stream().anyMatch(a -> a.machineTypeLabel() != null
        && a.machineTypeLabel().equalsIgnoreCase(machineType) && !Boolean.FALSE.equals(a.isAvailable()));
  }

  private static boolean containsIgnoreCase(String text, String part) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(part);
  }
}
