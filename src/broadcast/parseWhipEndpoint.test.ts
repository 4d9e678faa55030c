import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { originAllowed, parseWhipEndpoint } from './parseWhipEndpoint.ts';

const livepeer = ['https://livepeer.studio', 'https://*.lp-playback.studio'];

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('parseWhipEndpoint', () => {
  it("takes Livepeer's ingest URL with the stream key in it, and no token", () => {
    expect(
      parseWhipEndpoint({ url: ' https://livepeer.studio/webrtc/abcd-1234 ', token: '' }, livepeer),
    ).toEqual({ url: 'https://livepeer.studio/webrtc/abcd-1234' });
  });

  it('keeps a bearer token', () => {
    const endpoint = parseWhipEndpoint(
      { url: 'https://fra.lp-playback.studio/webrtc/k', token: ' tok.en-1 ' },
      livepeer,
    );
    expect(endpoint.token).toBe('tok.en-1');
  });

  it('refuses in words what is not an https WHIP URL, before anything is sent', () => {
    expect(refusal(() => parseWhipEndpoint({ url: 'livepeer', token: '' }, livepeer))).toBe(
      'BROADCAST_URL_INVALID',
    );
    expect(
      refusal(() =>
        parseWhipEndpoint({ url: 'http://livepeer.studio/webrtc/k', token: '' }, livepeer),
      ),
    ).toBe('BROADCAST_URL_INVALID');
    expect(
      refusal(() =>
        parseWhipEndpoint({ url: 'https://user:pw@livepeer.studio/webrtc/k', token: '' }, livepeer),
      ),
    ).toBe('BROADCAST_URL_INVALID');
    expect(
      refusal(() =>
        parseWhipEndpoint(
          { url: 'https://livepeer.studio/webrtc/k', token: 'two words' },
          livepeer,
        ),
      ),
    ).toBe('BROADCAST_URL_INVALID');
    expect(
      refusal(() =>
        parseWhipEndpoint(
          { url: `https://livepeer.studio/${'k'.repeat(3000)}`, token: '' },
          livepeer,
        ),
      ),
    ).toBe('BROADCAST_URL_INVALID');
  });

  it('refuses a host the site does not allow (its CSP would block the request)', () => {
    expect(
      refusal(() => parseWhipEndpoint({ url: 'https://evil.example/whip', token: '' }, livepeer)),
    ).toBe('BROADCAST_HOST_NOT_ALLOWED');
  });

  it('allows plain http only to this machine, when the site allows it', () => {
    const local = ['http://127.0.0.1:*'];
    expect(parseWhipEndpoint({ url: 'http://127.0.0.1:8889/whip', token: '' }, local).url).toBe(
      'http://127.0.0.1:8889/whip',
    );
  });
});

describe('originAllowed', () => {
  it('reads CSP host sources: exact host, *. subdomains, ports', () => {
    const allowed = (url: string, sources: string[]) => originAllowed(new URL(url), sources);
    expect(allowed('https://livepeer.studio/x', ['https://livepeer.studio'])).toBe(true);
    expect(allowed('https://livepeer.studio:8443/x', ['https://livepeer.studio'])).toBe(false);
    expect(allowed('https://a.lp-playback.studio/x', ['https://*.lp-playback.studio'])).toBe(true);
    expect(allowed('https://lp-playback.studio/x', ['https://*.lp-playback.studio'])).toBe(false);
    expect(allowed('https://evil-lp-playback.studio/x', ['https://*.lp-playback.studio'])).toBe(
      false,
    );
    expect(allowed('http://127.0.0.1:5000/x', ['http://127.0.0.1:*'])).toBe(true);
    expect(allowed('https://127.0.0.1:5000/x', ['http://127.0.0.1:*'])).toBe(false);
  });
});
