import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { contentTypeOf } from './contentTypeOf.ts';
import { DeployError } from './errors.ts';

/** One file of the built site, as it will be uploaded. */
export interface SiteFile {
  /** Path inside the site with `/` separators, as it appears in the manifest. */
  path: string;
  absolutePath: string;
  size: number;
  contentType: string;
  /** SHA-256 of the bytes, hex; with the content type it keys the upload journal. */
  sha256: string;
}

/**
 * Every file under `distDir`, sorted by path, hashed. Fails with DIST_MISSING when the
 * directory or its index.html is absent, since a manifest without an index is useless.
 *
 * @example
 * const files = await listSiteFiles('dist');
 */
export async function listSiteFiles(distDir: string): Promise<SiteFile[]> {
  const index = await stat(join(distDir, 'index.html')).catch(() => undefined);
  if (!index?.isFile()) {
    throw new DeployError(
      'DIST_MISSING',
      `${join(distDir, 'index.html')} not found: build the site first (npm run build:arweave).`,
    );
  }
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true });
  const files: SiteFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolutePath = join(entry.parentPath, entry.name);
    const data = await readFile(absolutePath);
    const path = relative(distDir, absolutePath).split(sep).join('/');
    files.push({
      path,
      absolutePath,
      size: data.byteLength,
      contentType: contentTypeOf(path),
      sha256: sha256Hex(data),
    });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** SHA-256 of `data` as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
