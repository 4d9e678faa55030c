import { describe, expect, it } from 'vitest';
import { parseCommunityServers } from './parseCommunityServers.ts';

const policy = { allowPrivateHosts: false };
const empty = { relays: [], gate: '', iceServers: [], mediaServers: [] };

describe('parseCommunityServers', () => {
  it('keeps the good entries and reports each bad one, without throwing', () => {
    const { servers, refused } = parseCommunityServers(
      {
        relays: ['wss://relay.example.org/gun', 'wss://127.0.0.1/gun', 'ftp://x.example.org'],
        gate: 'https://gate.example.org',
        iceServers: ['stun:stun.example.org', 'turns:turn.example.org:5349', 'turn:'],
        mediaServers: ['wss://janus.example.org/ws'],
      },
      policy,
    );
    expect(servers).toEqual({
      relays: ['wss://relay.example.org/gun'],
      gate: 'https://gate.example.org',
      stunUrls: ['stun:stun.example.org'],
      turnUrls: ['turns:turn.example.org:5349'],
      mediaServers: ['wss://janus.example.org/ws'],
    });
    expect(refused.map((r) => [r.kind, r.url, r.error.code])).toEqual([
      ['relay', 'wss://127.0.0.1/gun', 'SERVER_REFUSED'],
      ['relay', 'ftp://x.example.org', 'SERVER_REFUSED'],
      ['ice', 'turn:', 'SERVER_REFUSED'],
    ]);
  });

  it('uses TURN URLs only beside a working gate of the community', () => {
    const { servers, refused } = parseCommunityServers(
      { ...empty, gate: 'http://gate.example.org', iceServers: ['turn:turn.example.org'] },
      policy,
    );
    expect(servers.gate).toBeUndefined();
    expect(servers.turnUrls).toEqual([]);
    expect(refused.map((r) => r.kind)).toEqual(['gate', 'ice']);
    expect(refused[1]?.error.details).toMatch(/credentials from the community’s own gate/);
  });

  it('reads at most 8 entries of a list', () => {
    const many = Array.from({ length: 20 }, (_, i) => `wss://r${i}.example.org/gun`);
    const { servers } = parseCommunityServers({ ...empty, relays: many }, policy);
    expect(servers.relays).toHaveLength(8);
  });
});
