/** Parsers of command output for the generic-ssh checks; not an API. */
package dev.remotegpu.genericssh.checks.internal;
