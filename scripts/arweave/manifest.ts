/** Content-Type that makes a gateway resolve a transaction as a path manifest. */
export const MANIFEST_CONTENT_TYPE = 'application/x.arweave-manifest+json';

/** An Arweave path manifest, version 0.2.0 (the one with `fallback`). */
export interface PathManifest {
  manifest: 'arweave/paths';
  version: '0.2.0';
  index: { path: string };
  /** Served for unknown paths; hash routing keeps real routes off the path anyway. */
  fallback: { id: string };
  paths: Record<string, { id: string }>;
}

/**
 * Builds the manifest mapping each site path to its transaction, with index.html as both
 * index and fallback. Paths are sorted so equal sites give byte-equal manifests, which
 * lets the journal reuse the manifest transaction too.
 *
 * @example
 * buildPathManifest([{ path: 'index.html', id: 'abc…' }]);
 */
export function buildPathManifest(
  entries: readonly { path: string; id: string }[],
  indexPath = 'index.html',
): PathManifest {
  const index = entries.find((entry) => entry.path === indexPath);
  if (!index) throw new Error(`manifest needs ${indexPath}`);
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const paths: Record<string, { id: string }> = {};
  for (const entry of sorted) paths[entry.path] = { id: entry.id };
  return {
    manifest: 'arweave/paths',
    version: '0.2.0',
    index: { path: indexPath },
    fallback: { id: index.id },
    paths,
  };
}
