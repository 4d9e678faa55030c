import { describe, expect, it } from 'vitest';
import { parseLinkIceServers } from './parseLinkIceServers.ts';

describe('parseLinkIceServers', () => {
  it('reads STUN and TURN servers with credentials, skipping other links', () => {
    const header = [
      '<stun:stun.example.net>; rel="ice-server"',
      '<turn:turn.example.net?transport=udp>; rel="ice-server"; username="user"; credential="pass"; credential-type="password"',
      '<https://example.net/doc>; rel="help"',
      '<turn:other.example.net>; rel="preconnect"',
    ].join(', ');
    expect(parseLinkIceServers(header)).toEqual([
      { urls: 'stun:stun.example.net', username: undefined, credential: undefined },
      { urls: 'turn:turn.example.net?transport=udp', username: 'user', credential: 'pass' },
    ]);
  });

  it('is bounded: no header, an oversized one, or a flood of links', () => {
    expect(parseLinkIceServers(null)).toEqual([]);
    expect(parseLinkIceServers(`<stun:a>; rel="ice-server"${' '.repeat(9000)}`)).toEqual([]);
    const many = Array.from({ length: 50 }, (_, i) => `<stun:s${i}>; rel="ice-server"`).join(', ');
    expect(parseLinkIceServers(many)).toHaveLength(8);
  });
});
