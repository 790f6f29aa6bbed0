/**
 * Picks a storage backend from a location ({@link dev.mmsearch.index.backend.IndexBackends#of}).
 * The one package that knows every backend, above them all, so that no backend and not the
 * contract depends on it.
 */
package dev.mmsearch.index.backend;
