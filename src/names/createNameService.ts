import { systemClock } from '../core/clock.ts';
import type { AppConfig } from '../core/config.ts';
import { createEnsClient } from './createEnsClient.ts';
import { createEnsReader } from './EnsReader.ts';
import { NameService } from './NameService.ts';

/**
 * The {@link NameService} on the configured ENS chain (mainnet in production, the local
 * test resolver under `npm start`), with avatars loaded only through `config.avatars`.
 * The composition root makes one per page.
 *
 * @example
 * const names = createNameService(config, localStorage);
 * await names.resolveAddressInput('alice.eth');
 */
export function createNameService(config: AppConfig, storage?: Storage): NameService {
  const { chainId, universalResolver } = config.ens;
  const { mode, ...hosts } = config.avatars;
  const reader = createEnsReader(createEnsClient(config.ens), {
    assetHosts: hosts,
    ...(universalResolver === undefined ? {} : { universalResolver }),
  });
  return new NameService({
    reader,
    clock: systemClock,
    chainId,
    avatars: { mode, hosts },
    ...(storage === undefined ? {} : { storage }),
  });
}
