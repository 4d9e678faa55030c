import { AppError } from '../core/errors.ts';
import { GunGraph } from './GunGraph.ts';
import { gunClientOptions } from './gunOptions.ts';
import type { GunRoot } from './gunRoot.ts';
import { quietImport } from './quietImport.ts';

/** Relays and storage name for {@link createBrowserGraph}. */
export interface CreateBrowserGraphParameters {
  relays: readonly string[];
  /** IndexedDB database name for Gun's radisk store. */
  database?: string;
}

type GunConstructor = ((options: Record<string, unknown>) => GunRoot) & {
  log: { off: boolean };
};

/** Gun's typings describe a schema-typed API we do not use; we only check it is callable. */
function isGunConstructor(value: unknown): value is GunConstructor {
  return typeof value === 'function' && 'log' in value;
}

/**
 * Builds the browser's {@link GunGraph}: Gun core, persisted by radisk into IndexedDB
 * (`gun/lib/rindexed`), not localStorage, whose 5 MB limit a busy graph soon reaches.
 * The lib modules find Gun through `window.Gun`, so they load after the core, in order.
 *
 * @example
 * const graph = await createBrowserGraph({ relays: config.gun.relays });
 */
export async function createBrowserGraph(
  parameters: CreateBrowserGraphParameters,
): Promise<GunGraph> {
  const Gun = await quietImport(async () => {
    const core: unknown = (await import('gun/gun.js')).default;
    await import('gun/lib/radix.js');
    await import('gun/lib/radisk.js');
    await import('gun/lib/store.js');
    await import('gun/lib/rindexed.js');
    return core;
  });
  if (!isGunConstructor(Gun)) throw AppError.internal('gun/gun.js did not export Gun');
  Gun.log.off = true;
  const gun = Gun({
    // multicast: false and the other client options come from gunClientOptions.
    ...gunClientOptions(parameters.relays),
    radisk: true,
    file: parameters.database ?? 'community-chats',
  });
  return new GunGraph({ gun, relays: parameters.relays });
}
