/**
 * One training run as one object: {@link dev.remotegpu.core.run.RemoteRun} composes launch with retry, the
 * remote shell, the detached job and its supervisor, checkpoint sync and the teardown plan, in the skill's
 * verb chain up, push, start, watch, pull, down. Every piece stays usable alone.
 *
 * <p>Nothing here returns or accepts null.
 */
package dev.remotegpu.core.run;
