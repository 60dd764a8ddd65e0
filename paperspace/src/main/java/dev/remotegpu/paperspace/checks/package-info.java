/**
 * One check per Paperspace gotcha (PS1-PS13): each reads an observation record and returns findings
 * with the gotcha id, severity, evidence and fix; run one alone or all through
 * {@link dev.remotegpu.paperspace.checks.PaperspaceChecks}. Nothing here returns or accepts {@code null}.
 */
package dev.remotegpu.paperspace.checks;
