import { describe, expect, it } from 'vitest';
import { MediaServerChoice } from './MediaServerChoice.ts';

const servers = ['https://gate-a.test', 'https://gate-b.test', 'https://gate-c.test'];

function clockAt(start: number) {
  const clock = { time: start, now: () => clock.time };
  return clock;
}

describe('MediaServerChoice', () => {
  it('sends every member of a room to the same server, whatever order the config lists them in', () => {
    const one = new MediaServerChoice(servers);
    const other = new MediaServerChoice([...servers]);
    for (const room of ['1/lobby', '1/stage-town-hall', '2/lobby']) {
      expect(other.pick(room)).toBe(one.pick(room));
    }
  });

  it('spreads rooms across the servers', () => {
    const choice = new MediaServerChoice(servers);
    const used = new Set(Array.from({ length: 30 }, (_, i) => choice.pick(`1/room-${i}`)));
    expect(used).toEqual(new Set(servers));
  });

  it('moves a room to the next server when its own fails, and back after a while', () => {
    const clock = clockAt(0);
    const choice = new MediaServerChoice(servers, { clock, failedForMs: 60_000 });
    const first = choice.pick('1/lobby') as string;
    choice.markFailed(first);
    const second = choice.pick('1/lobby');
    expect(second).not.toBe(first);
    expect(servers).toContain(second);
    clock.time = 60_000;
    expect(choice.pick('1/lobby')).toBe(first);
  });

  it('has nothing to offer when none is configured', () => {
    expect(new MediaServerChoice([]).pick('1/lobby')).toBeUndefined();
    expect(new MediaServerChoice([]).empty).toBe(true);
  });

  it('keeps trying the one that failed longest ago when every server failed lately', () => {
    const clock = clockAt(0);
    const choice = new MediaServerChoice(servers.slice(0, 2), { clock });
    choice.markFailed(servers[1] as string);
    clock.time = 1_000;
    choice.markFailed(servers[0] as string);
    expect(choice.pick('1/lobby')).toBe(servers[1]);
  });
});
