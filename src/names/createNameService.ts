import { systemClock } from '../core/clock.ts';
import type { AppConfig } from '../core/config.ts';
import { createEnsClient } from '../names/createEnsClient.ts';
import { createEnsReader } from '../names/EnsReader.ts';
import { NameService } from '../names/NameService.ts';

/**
 * A {@link NameService} on the configured ENS chain, for the admin console while the
 * composition root does not yet hand one out (then use that one: it shares the cache).
 *
 * @example
 * const names = createNameService(config, localStorage);
 * await names.resolveAddressInput('alice.eth');
 */
export function createNameService(config: AppConfig, storage?: Storage): NameService {
  const { chainId, universalResolver } = config.ens;
  const reader = createEnsReader(
    createEnsClient(config.ens),
    universalResolver === undefined ? {} : { universalResolver },
  );
  return new NameService({
    reader,
    clock: systemClock,
    chainId,
    ...(storage === undefined ? {} : { storage }),
  });
}
