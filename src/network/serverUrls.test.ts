import { describe, expect, it } from 'vitest';
import { checkServerUrl, isPrivateHost } from './serverUrls.ts';

const publicOnly = { allowPrivateHosts: false };

function refusal(kind: Parameters<typeof checkServerUrl>[0], url: string, policy = publicOnly) {
  const result = checkServerUrl(kind, url, policy);
  return result.ok ? undefined : result.error;
}

describe('checkServerUrl', () => {
  it('takes each kind with its own schemes', () => {
    for (const [kind, url] of [
      ['relay', 'wss://relay.example.org/gun'],
      ['relay', 'https://relay.example.org/gun'],
      ['gate', 'https://gate.example.org'],
      ['ice', 'stun:stun.example.org:3478'],
      ['ice', 'turn:turn.example.org:3478?transport=tcp'],
      ['ice', 'turns:[2001:db8::1]:5349'],
      ['media', 'wss://janus.example.org/ws'],
    ] as const) {
      expect(checkServerUrl(kind, url, publicOnly)).toEqual({ ok: true, url });
    }
  });

  it('refuses each bad entry with a SERVER_REFUSED error that names it and says why', () => {
    const cases: [Parameters<typeof checkServerUrl>[0], string, RegExp][] = [
      ['relay', 'ws://relay.example.org/gun', /must start with wss:\/\/ or https:\/\//],
      ['relay', `wss://${'a'.repeat(200)}.org`, /longer than 200 bytes/],
      ['relay', 'wss://relay.example.org/g un', /spaces or control characters/],
      ['relay', 'wss://', /not a URL/],
      ['gate', 'https://user:secret@gate.example.org', /user name or password/],
      ['gate', 'http://gate.example.org', /must start with https:\/\//],
      ['ice', 'turn:', /not a URL/],
      ['ice', 'stun:stun.example.org:3478/path', /not a URL/],
      ['media', 'https://janus.example.org', /must start with wss:\/\//],
    ];
    for (const [kind, url, why] of cases) {
      const error = refusal(kind, url);
      expect(error?.code, url).toBe('SERVER_REFUSED');
      expect(error?.details, url).toMatch(why);
      expect(error?.message, url).toContain(url.slice(0, 20));
    }
  });

  it('refuses hosts in private networks unless the deployment is local', () => {
    for (const [kind, url] of [
      ['relay', 'wss://127.0.0.1:8765/gun'],
      ['relay', 'wss://localhost/gun'],
      ['gate', 'https://192.168.1.1'],
      ['gate', 'https://0x7f.1'],
      ['media', 'wss://[::1]/ws'],
      ['ice', 'turn:10.0.0.2:3478'],
      ['ice', 'stun:printer.local'],
    ] as const) {
      expect(refusal(kind, url)?.details, url).toMatch(/private network/);
      expect(checkServerUrl(kind, url, { allowPrivateHosts: true }).ok, url).toBe(true);
    }
  });
});

describe('isPrivateHost', () => {
  it('knows loopback, RFC 1918, CGNAT, link-local, unique-local and local names', () => {
    for (const host of [
      '127.0.0.5',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.0.1',
      '100.64.0.1',
      '169.254.1.1',
      '0.0.0.0',
      '[fd00::1]',
      '[fe80::1]',
      '[::ffff:7f00:1]',
      'intranet',
      'nas.home.arpa',
    ]) {
      expect(isPrivateHost(host), host).toBe(true);
    }
    for (const host of ['172.32.0.1', '8.8.8.8', 'relay.example.org', '[2001:db8::1]']) {
      expect(isPrivateHost(host), host).toBe(false);
    }
  });
});
