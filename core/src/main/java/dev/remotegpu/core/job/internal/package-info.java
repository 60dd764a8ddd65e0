/**
 * Implementation of the job supervisor; not a public API. Nothing here returns or accepts {@code null}.
 */
package dev.remotegpu.core.job.internal;
