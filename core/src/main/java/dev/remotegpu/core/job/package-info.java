/**
 * Detached jobs that survive SSH drops and client restarts ({@link dev.remotegpu.core.job.JobRunner},
 * {@link dev.remotegpu.core.job.DetachedJob}), and the {@link dev.remotegpu.core.job.JobSupervisor} that
 * keeps a job going across auto-shutdowns.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}
 * and collections are empty.
 */
package dev.remotegpu.core.job;
