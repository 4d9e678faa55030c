import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { Scope } from '../core/Scope.ts';
import type { TurnGrant } from './gateRequest.ts';
import { TurnCredentials } from './TurnCredentials.ts';

const grant = (n: number): TurnGrant => ({
  urls: ['turn:turn.example:3478'],
  username: `${1_000 + n}:0xabc`,
  credential: `secret-${n}`,
  ttl: 100,
});

function setup(answers: Array<TurnGrant | AppError>) {
  const clock = { now: () => 0 };
  const scope = new Scope();
  let asked = 0;
  const turn = new TurnCredentials({
    request: async () => {
      const answer = answers[Math.min(asked++, answers.length - 1)];
      if (answer instanceof AppError) throw answer;
      if (!answer) throw new Error('no answer');
      return answer;
    },
    clock,
    scope,
    refreshAt: 0.5,
    retryMs: 10,
  });
  return { turn, clock, scope, asked: () => asked };
}

describe('TurnCredentials', () => {
  it('hands out the gate’s credentials until they expire', async () => {
    const { turn, clock, scope } = setup([grant(1)]);
    await turn.start();
    expect(turn.state).toMatchObject({ status: 'ready', expiresAt: 100_000 });
    expect(turn.iceServers()).toEqual([
      { urls: ['turn:turn.example:3478'], username: '1001:0xabc', credential: 'secret-1' },
    ]);
    clock.now = () => 100_000;
    expect(turn.iceServers()).toEqual([]);
    scope.end();
  });

  it('renews them before they expire', async () => {
    // Lifetimes of 40 ms, renewed at half of it, on real timers.
    const { turn, clock, scope, asked } = setup([
      { ...grant(1), ttl: 0.04 },
      { ...grant(2), ttl: 0.04 },
    ]);
    clock.now = () => Date.now();
    await turn.start();
    expect(turn.iceServers()[0]?.credential).toBe('secret-1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(asked()).toBeGreaterThanOrEqual(2);
    expect(turn.iceServers()[0]?.credential).toBe('secret-2');
    scope.end();
  });

  it('says why after a refusal and keeps asking', async () => {
    const refusal = new AppError('TURN_UNAVAILABLE', 'No TURN credentials: NOT_A_MEMBER', {
      category: 'network',
      details: 'NOT_A_MEMBER: no',
    });
    const { turn, scope, asked } = setup([refusal, grant(2)]);
    await turn.start();
    expect(turn.state).toMatchObject({ status: 'failed', error: { code: 'TURN_UNAVAILABLE' } });
    expect(turn.iceServers()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked()).toBe(2);
    expect(turn.state.status).toBe('ready');
    scope.end();
  });

  it('without a gate, asks nobody and holds nothing', async () => {
    const turn = new TurnCredentials({
      request: undefined,
      clock: { now: () => 0 },
      scope: new Scope(),
    });
    await turn.start();
    expect(turn.state).toEqual({ status: 'no-gate' });
    expect(turn.iceServers()).toEqual([]);
  });
});
