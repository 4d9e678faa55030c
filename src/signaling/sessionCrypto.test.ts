import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionKeyPair, seaPublicKeyJwk } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { fromBase64, SignatureVerifier, signText } from './sessionCrypto.ts';

let alice: SessionKeyPair;
let mallory: SessionKeyPair;
beforeAll(async () => {
  [alice, mallory] = await Promise.all([createSessionKeyPair(), createSessionKeyPair()]);
});

describe('session signatures', () => {
  it('makes keys whose private halves cannot be read out, public halves in SEA form', async () => {
    expect(alice.pub).toMatch(/^[\w-]{43}\.[\w-]{43}$/);
    expect(alice.epub).toMatch(/^[\w-]{43}\.[\w-]{43}$/);
    for (const key of [alice.signingKey, alice.agreementKey]) {
      expect(key.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('jwk', key)).rejects.toThrow();
    }
  });

  it('verifies what the session key signed, and nothing else', async () => {
    const verifier = new SignatureVerifier();
    const sig = await signText(alice, 'envelope text');
    expect(await verifier.verify(alice.pub, 'envelope text', sig)).toBe(true);
    expect(await verifier.verify(alice.pub, 'envelope text!', sig)).toBe(false);
    expect(await verifier.verify(mallory.pub, 'envelope text', sig)).toBe(false);
    expect(await verifier.verify(alice.pub, 'envelope text', 'junk')).toBe(false);
    expect(await verifier.verify('not.a-key', 'envelope text', sig)).toBe(false);
  });

  it('signs what any WebCrypto holding only the SEA-form public key verifies (ECDSA P-256, SHA-256)', async () => {
    // What a receiver in another runtime does with nothing but the certificate's key.
    const sig = await signText(alice, 'hello');
    const key = await crypto.subtle.importKey(
      'jwk',
      seaPublicKeyJwk(alice.pub),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const bytes = fromBase64(sig);
    expect(bytes?.length).toBe(64);
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      bytes ?? new Uint8Array(),
      new TextEncoder().encode('hello'),
    );
    expect(valid).toBe(true);
  });

  it('signs with a key that went through structured clone, as IndexedDB and workers hand it over', async () => {
    const cloned = structuredClone(alice);
    const sig = await signText(cloned, 'after a reload');
    expect(await new SignatureVerifier().verify(alice.pub, 'after a reload', sig)).toBe(true);
    expect(cloned.signingKey.extractable).toBe(false);
  });
});
