/**
 * The generic-ssh gotchas that an observation can decide, as pure {@link dev.remotegpu.core.profile.Check}s: the
 * vanish ladder (GEN6), Windows line endings (GEN4), other processes on the GPU (GEN7) and a missing detach
 * primitive (GEN2). Each reads command output or text; none does I/O.
 */
package dev.remotegpu.genericssh.checks;
