import { describe, expect, it } from 'vitest';
import { communityServersFromInput, communityServersToInput } from './communityServersInput.ts';

const policy = { allowPrivateHosts: false };
const blank = { relays: '', gate: '', iceServers: '', mediaServers: '' };

describe('communityServersFromInput', () => {
  it('turns the form into the lists the contract takes, skipping blank lines', () => {
    const input = {
      relays: ' wss://relay.example.org/gun \n\nhttps://relay2.example.org/gun',
      gate: 'https://gate.example.org',
      iceServers: 'stun:stun.example.org:3478\nturns:turn.example.org:5349',
      mediaServers: 'wss://janus.example.org/ws',
    };
    const result = communityServersFromInput(input, policy);
    expect(result).toEqual({
      ok: true,
      servers: {
        relays: ['wss://relay.example.org/gun', 'https://relay2.example.org/gun'],
        gate: 'https://gate.example.org',
        iceServers: ['stun:stun.example.org:3478', 'turns:turn.example.org:5349'],
        mediaServers: ['wss://janus.example.org/ws'],
      },
    });
    if (result.ok)
      expect(communityServersFromInput(communityServersToInput(result.servers), policy)).toEqual(
        result,
      );
    expect(communityServersFromInput(blank, policy)).toEqual({
      ok: true,
      servers: { relays: [], gate: '', iceServers: [], mediaServers: [] },
    });
  });

  it('says in words what is wrong with each entry before anything is sent', () => {
    const result = communityServersFromInput(
      {
        relays:
          'ws://relay.example.org/gun\nwss://192.168.1.2/gun\nwss://a.example.org\nwss://a.example.org',
        gate: '',
        iceServers: 'turn:turn.example.org',
        mediaServers: Array.from({ length: 9 }, (_, i) => `wss://m${i}.example.org`).join('\n'),
      },
      policy,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons).toEqual([
      'ws://relay.example.org/gun: a relay must start with wss:// or https://.',
      expect.stringMatching(/^wss:\/\/192\.168\.1\.2\/gun: it points into a private network/),
      'wss://a.example.org is listed twice.',
      'List at most 8 media servers (9 now).',
      'TURN servers take their credentials from your gate: name the gate too.',
    ]);
  });
});
