import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import type { AccessAnswer } from '../access/events.ts';
import { chatAccessVerdicts, chatModeratorVerdicts } from './chatVerdicts.ts';

const alice: Address = '0x00000000000000000000000000000000000000a1';
const bob: Address = '0x00000000000000000000000000000000000000b2';

describe('chat verdicts', () => {
  it('says "no" only when the chain refused; an outage is "unknown", a grace answer "yes"', async () => {
    const answers: Record<string, AccessAnswer> = {
      [alice]: { allowed: true, source: 'grace' },
      [bob]: { allowed: false, source: 'unavailable' },
    };
    const access = chatAccessVerdicts(
      async (a) => answers[a] ?? { allowed: false, source: 'chain' },
    );
    const carol: Address = '0x00000000000000000000000000000000000000c3';
    expect(await access([alice, bob, carol])).toEqual(
      new Map([
        [alice, 'yes'],
        [bob, 'unknown'],
        [carol, 'no'],
      ]),
    );
  });

  it('turns a failed or unanswered role read into "unknown"', async () => {
    const moderators = chatModeratorVerdicts(async (a) => {
      if (a === bob) throw new Error('rpc down');
      return null;
    });
    expect(await moderators([alice, bob])).toEqual(
      new Map([
        [alice, 'unknown'],
        [bob, 'unknown'],
      ]),
    );
    const yes = chatModeratorVerdicts(async (a) => a === alice);
    expect(await yes([alice, bob])).toEqual(
      new Map([
        [alice, 'yes'],
        [bob, 'no'],
      ]),
    );
  });
});
