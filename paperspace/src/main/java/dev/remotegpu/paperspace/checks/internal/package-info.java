/** Parsers of command output (uptime, nvidia-smi, torch, versions) used by the checks; not API. Never null. */
package dev.remotegpu.paperspace.checks.internal;
