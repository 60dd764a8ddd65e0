/**
 * Implementation of the Paperspace profile's queries: the gotcha search (Lucene analysis, synonyms and
 * BM25 over an in-memory index) and the vanish diagnosis's parsers (nvidia-smi, CUDA versions, durations). Not part
 * of the public API.
 */
package dev.remotegpu.paperspace.profile.internal;
