import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { certificateHash } from './certificateHash.ts';
import {
  ENVELOPE_VERSION,
  type Envelope,
  type EnvelopeKind,
  envelopeSigningText,
} from './envelope.ts';
import { randomId, signText } from './sessionCrypto.ts';

/** The session a {@link EnvelopeSigner} signs for. */
export interface EnvelopeSignerOptions {
  /** The session's public key (`from` of every envelope) and its private half. */
  keys: Pick<SessionKeyPair, 'pub' | 'signingKey'>;
  certificate: SessionCertificate;
  /** Graph namespace of the room. */
  room: string;
  clock: Clock;
}

/** One envelope to sign. */
export interface SignParameters {
  kind: EnvelopeKind;
  /** Sequence stream (e.g. the node key written to); each has its own counter. */
  stream: string;
  body: string;
  /** Carry the full certificate (heartbeats) rather than only its hash. */
  withCertificate: boolean;
  to?: Address;
}

/**
 * Makes this member's signed envelopes. Sequences start from the clock (in microseconds),
 * so they keep increasing across reloads that reuse the same session key.
 *
 * @example
 * const signer = new EnvelopeSigner({ keys, certificate, room, clock: systemClock });
 * const envelope = await signer.sign({ kind: 'beat', stream: beatsKey, body: '{}', withCertificate: true });
 */
export class EnvelopeSigner {
  readonly #options: EnvelopeSignerOptions;
  readonly #certHash: `0x${string}`;
  readonly #sequences = new Map<string, number>();

  constructor(options: EnvelopeSignerOptions) {
    this.#options = options;
    this.#certHash = certificateHash(options.certificate);
  }

  /** Next sequence number of `stream`; also tells the slot a mailbox envelope goes to. */
  nextSequence(stream: string): number {
    const seq = (this.#sequences.get(stream) ?? this.#options.clock.now() * 1000) + 1;
    this.#sequences.set(stream, seq);
    return seq;
  }

  async sign(
    parameters: SignParameters,
    seq = this.nextSequence(parameters.stream),
  ): Promise<Envelope> {
    const unsigned = {
      v: ENVELOPE_VERSION,
      kind: parameters.kind,
      room: this.#options.room,
      from: this.#options.keys.pub,
      certHash: this.#certHash,
      ...(parameters.withCertificate ? { cert: { ...this.#options.certificate } } : {}),
      ...(parameters.to === undefined ? {} : { to: parameters.to.toLowerCase() }),
      id: randomId(),
      ts: this.#options.clock.now(),
      seq,
      body: parameters.body,
    } as const;
    const sig = await signText(this.#options.keys, envelopeSigningText(unsigned));
    return { ...unsigned, sig };
  }
}
