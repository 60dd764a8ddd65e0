/**
 * Real fakes of the world remotegpu talks to, for tests and for the examples' embedded default: a stateful
 * Paperspace API simulator speaking HTTP on loopback, an embedded SSH host with a real shell, a private
 * OpenSSH daemon, and a controllable clock. Never null across the API.
 */
package dev.remotegpu.testfixtures;
