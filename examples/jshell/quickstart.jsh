// The Paperspace profile in a few lines: what ends a run, what a symptom means, what survives, what bills.
// Run from the repository root: bash examples/jshell/run.sh examples/jshell/quickstart.jsh
import dev.remotegpu.core.profile.*
import dev.remotegpu.paperspace.profile.PaperspaceProfile

var profile = PaperspaceProfile.get();

// 1. The danger clocks: read them before renting anything.
profile.dangerClocks().forEach(c -> System.out.println("[" + c.severity() + "] " + c.title() + " " + c.gotchaIds()
    + "\n    " + c.warning()));

// 2. One gotcha by id: what you see, and what to do about it.
var ps2 = profile.gotcha("PS2");
System.out.println("\n" + ps2 + "\n  symptom: " + ps2.symptom() + "\n  fix:     " + ps2.fix());

// 3. A symptom in your own words: the gotchas that explain it, best first.
System.out.println("\nGotchas matching \"vanished at 12 h\", best first:");
profile.gotchasMatching("vanished at 12 h").stream().limit(3).forEach(g -> System.out.println("  " + g));

// 4. Does data at a path survive a stop? A destroy?
System.out.println("\n/storage/run-1/ckpt.pt survives STOP: "
    + profile.survival().survives("/storage/run-1/ckpt.pt", LifecycleEvent.STOP));
System.out.println("/home/paperspace/ckpt survives DESTROY on a Core machine: "
    + profile.survival().survives(PaperspaceProfile.CORE, "/home/paperspace/ckpt", LifecycleEvent.DESTROY));

// 5. Stopped is not free: what still bills after a stop, and what ends it.
System.out.println("\nStill billing after a stop:");
profile.billing().stillBillsWhenStopped().forEach(rule ->
    System.out.println("  " + rule.resource() + ": ends by " + rule.stoppedBy()));
System.out.println("Iron Law: " + profile.ironLaw());
/exit
