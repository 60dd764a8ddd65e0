package dev.remotegpu.core.teardown;

import static dev.remotegpu.core.teardown.Accounts.GOTCHAS;
import static dev.remotegpu.core.teardown.Accounts.IP;
import static dev.remotegpu.core.teardown.Accounts.MACHINE;
import static dev.remotegpu.core.teardown.Accounts.OTHER_MACHINE;
import static dev.remotegpu.core.teardown.Accounts.RUN;
import static dev.remotegpu.core.teardown.Accounts.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditTest {

  private final InMemoryLedger ledger = InMemoryLedger.withMachines(RUN, MACHINE);

  @Test
  void eachItemSaysWhoseItIsWhyAndWhichGotchaExplainsIt() {
    Audit audit = Audit.of(Accounts.oursAndUnknown("off"), ledger, GOTCHAS);

    AuditItem machine = audit.item(MACHINE).orElseThrow();
    assertThat(machine.ownership()).isEqualTo(Ownership.OURS);
    assertThat(machine.runId()).contains(RUN);
    assertThat(machine.ownershipReason()).isEqualTo("machine in the launch ledger, run " + RUN);
    assertThat(machine.bills()).isFalse();

    AuditItem snapshot = audit.item(SNAPSHOT).orElseThrow();
    assertThat(snapshot.ownershipReason()).isEqualTo("made from our machine " + MACHINE + ", run " + RUN);
    assertThat(snapshot.gotchaId()).contains("PS9");
    assertThat(snapshot.description()).contains("survives the machine's destroy");

    assertThat(audit.item(IP).orElseThrow().description())
        .isEqualTo("static public IP of machine " + MACHINE + ", billed until released");
    AuditItem other = audit.item(OTHER_MACHINE).orElseThrow();
    assertThat(other.ownership()).isEqualTo(Ownership.UNKNOWN);
    assertThat(other.runId()).isEmpty();
  }

  @Test
  void aTemplateWithNoGotchaIsAuditedAndCanBeDeletedOnlyWhenNamed() {
    List<Billable> account = new ArrayList<>(Accounts.ours("off"));
    account.add(new Billable(BillableKind.CUSTOM_TEMPLATE, "tpl-1", "my-image", "ny2", Optional.of(MACHINE),
        Optional.of(30L), "ready", Rate.monthly(Money.usd("2.40"))));
    RecordingResourceActions actions = new RecordingResourceActions(account);

    TeardownPlan kept = TeardownPlanner.plan(account, ledger, GOTCHAS, TeardownRequest.destroyEverythingOf(MACHINE),
        actions, actions::billables);
    TeardownPlan named = TeardownPlanner.plan(account, ledger, GOTCHAS,
        TeardownRequest.destroyEverythingOf(MACHINE).alsoDelete("tpl-1"), actions, actions::billables);

    assertThat(kept.audit().item("tpl-1").orElseThrow().gotchaId()).isEmpty();
    assertThat(kept.audit().item("tpl-1").orElseThrow().ours()).isTrue();
    assertThat(kept.residual().items()).extracting(AuditItem::id).containsExactly("tpl-1");
    assertThat(named.steps()).extracting(TeardownStep::id).last().isEqualTo("delete-custom-template:tpl-1");
    assertThat(named.residual().isEmpty()).isTrue();
  }

  @Test
  void theAuditBeforeThePlansResidualAndTheReauditAfterAreOneShapeComparedItemForItem() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("off"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.destroyEverythingOf(MACHINE), actions, actions::billables);
    Audit before = plan.audit();

    assertThat(before.ours().perMonth().plus(before.unknown().perMonth())).isEqualByComparingTo(before.perMonth());
    assertThat(before.billing().items()).containsAll(plan.residual().items());
    assertThat(plan.residual().ours().isEmpty()).isTrue();

    ExecutionReport nothingApproved = plan.execute(Approvals.none(), Optional.empty());

    assertThat(nothingApproved.actualResidual()).isEqualTo(nothingApproved.expectedResidual())
        .isEqualTo(before.billing());
    assertThat(nothingApproved.reaudit()).contains(before);
  }
}
