import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Address, Client } from 'viem';
import type { AccessChange } from '../../src/chain/watchAccessChanges.ts';
import { watchAccessChanges } from '../../src/chain/watchAccessChanges.ts';
import type { Clock } from '../../src/core/clock.ts';
import {
  type MediaAsk,
  type MediaGrant,
  type MediaModerationResult,
  type MediaRequest,
  mediaModerationAsks,
  mediaRequestText,
  parseMediaRequest,
} from '../../src/media/mediaGrant.ts';
import { ContractModerators } from '../../src/signaling/ContractModerators.ts';
import { isStageRoom } from '../../src/signaling/moderation.ts';
import { GateRefusal } from './GateRefusal.ts';
import type { MediaRooms } from './MediaRooms.ts';
import { type GateChecks, type GateRequestFormat, verifyGateRequest } from './verifyGateRequest.ts';

/** Media requests: the signature covers the room, the ask and the target too. */
const mediaRequestFormat: GateRequestFormat<MediaRequest> = {
  parse: parseMediaRequest,
  text: mediaRequestText,
};

/** What a {@link MediaGate} works with. */
export interface MediaGateOptions {
  rooms: MediaRooms;
  /** The gate's request checks (certificate, signature, nonce, membership), as for `/turn`. */
  checks: GateChecks;
  /** The chain, for moderator roles and removal events. */
  client: Client;
  contract: Address;
  clock: Clock;
  /** How often removal events are polled (ms): a removed member is out within about this. */
  pollingIntervalMs: number;
  log: (line: string) => void;
}

/** A recording to send: its size and contents. */
export interface RecordingFile {
  size: number;
  stream: Readable;
}

/**
 * The gate's media paths: a member's join grant, moderators' actions and recording, checked
 * like `/turn` (certificate, session-key signature, nonce, live membership) and, for
 * moderation and recording, the sender's role on the contract (owner or admin, read live).
 * It also follows the contract's events and puts a removed member out of every media room.
 *
 * @example
 * const media = new MediaGate({ rooms, checks, client, contract, clock, pollingIntervalMs: 500, log });
 * const stop = media.watchRemovals();
 * const grant = await media.join(JSON.parse(body));
 */
export class MediaGate {
  readonly #options: MediaGateOptions;
  readonly #moderators = new Map<bigint, ContractModerators>();

  constructor(options: MediaGateOptions) {
    this.#options = options;
  }

  /** `POST /media`: a join grant for a verified member, in the room its stage place allows. */
  async join(raw: unknown): Promise<MediaGrant> {
    const { address, communityId, request } = await this.#verify(raw, ['join']);
    const { rooms } = this.#options;
    const place = rooms.place(communityId, request.room, address);
    if (place === 'removed') {
      throw new GateRefusal('NOT_A_MEMBER', `a moderator removed ${address} from ${request.room}`);
    }
    const canSpeak =
      !isStageRoom(request.room) ||
      place === 'speaker' ||
      (await this.#isModerator(communityId, address));
    const grant = await this.#media(() =>
      rooms.grant({ communityId, roomId: request.room, address, canSpeak }),
    );
    this.#options.log(
      `media ${address} (community ${communityId}) room ${request.room} as ${canSpeak ? 'speaker' : 'listener'}`,
    );
    return grant;
  }

  /** `POST /media/moderate`: an owner's or admin's action on a member, carried out on Janus. */
  async moderate(raw: unknown): Promise<MediaModerationResult> {
    const { address, communityId, request } = await this.#verify(raw, mediaModerationAsks);
    await this.#requireModerator(communityId, address);
    const target = request.target;
    const ask = request.ask;
    if (target === undefined || ask === 'join' || !isModeration(ask)) {
      throw new GateRefusal('BAD_REQUEST', 'a moderation needs a target');
    }
    await this.#media(() => this.#options.rooms.moderate(communityId, request.room, ask, target));
    this.#options.log(`moderation by ${address}: ${ask} ${target} in ${request.room}`);
    return {
      ok: true,
      ask,
      target,
      recording: this.#options.rooms.recording(communityId, request.room),
    };
  }

  /** `POST /media/record`: an owner or admin starts or stops recording the room. */
  async record(raw: unknown): Promise<MediaModerationResult> {
    const { address, communityId, request } = await this.#verify(raw, [
      'record-start',
      'record-stop',
    ]);
    await this.#requireModerator(communityId, address);
    const on = request.ask === 'record-start';
    const recording = await this.#media(() =>
      this.#options.rooms.record(communityId, request.room, on),
    );
    this.#options.log(`recording ${on ? 'started' : 'stopped'} by ${address} in ${request.room}`);
    return { ok: true, ask: request.ask, recording };
  }

  /** `GET /media/recording/<room>`: the room's last recording, for an owner or admin. */
  async download(raw: unknown, roomInPath: string): Promise<RecordingFile> {
    const { address, communityId, request } = await this.#verify(raw, ['download']);
    if (request.room !== roomInPath) {
      throw new GateRefusal(
        'BAD_REQUEST',
        `the request names ${request.room}, the path ${roomInPath}`,
      );
    }
    await this.#requireModerator(communityId, address);
    const file = this.#options.rooms.lastRecording(communityId, request.room);
    const size = file
      ? await stat(file).then(
          (info) => info.size,
          () => undefined,
        )
      : undefined;
    if (!file || size === undefined) {
      throw new GateRefusal(
        'NO_RECORDING',
        `no finished recording of ${request.room} on this gate`,
      );
    }
    return { size, stream: createReadStream(file) };
  }

  /**
   * Follows the contract's access events and puts every member who lost access out of the
   * media rooms (kicked, tokens revoked). Returns the function that stops watching.
   */
  watchRemovals(): () => void {
    const { client, contract, pollingIntervalMs } = this.#options;
    return watchAccessChanges(client, {
      contract,
      pollingInterval: pollingIntervalMs,
      onError: (error) => this.#options.log(`removal watch: ${error.message}`),
      onChanges: (changes) => {
        this.#expelAffected(changes).catch((error: unknown) =>
          this.#options.log(`removal: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
    });
  }

  /** Re-checks members whom `changes` may concern and expels those no longer allowed. */
  async #expelAffected(changes: readonly AccessChange[]): Promise<void> {
    const affected = this.#options.rooms.members().filter(({ communityId, address }) =>
      changes.some((change) => {
        if (change.kind === 'member-added' || change.kind === 'global-added') return false;
        const sameCommunity = !('communityId' in change) || change.communityId === communityId;
        const sameAddress =
          !('address' in change) || change.address.toLowerCase() === address.toLowerCase();
        return sameCommunity && sameAddress;
      }),
    );
    for (const { communityId, address } of affected) {
      const answer = await this.#options.checks.access.check(communityId, address);
      // A chain that does not answer keeps the member for now; the next event asks again.
      if (answer.source === 'unavailable' || answer.allowed) continue;
      const kicked = await this.#options.rooms.expel(communityId, address);
      this.#options.log(
        `removed ${address} from community ${communityId}: out of ${kicked} media room(s)`,
      );
    }
  }

  async #verify(raw: unknown, asks: readonly MediaAsk[]) {
    const verified = await verifyGateRequest(raw, this.#options.checks, mediaRequestFormat);
    if (!asks.includes(verified.request.ask)) {
      throw new GateRefusal('BAD_REQUEST', `${verified.request.ask} is not asked on this path`);
    }
    return verified;
  }

  async #isModerator(communityId: bigint, address: Address): Promise<boolean> {
    let moderators = this.#moderators.get(communityId);
    if (!moderators) {
      // Read afresh each time (TTL 0): a demoted admin loses the power at once.
      moderators = new ContractModerators({
        client: this.#options.client,
        contract: this.#options.contract,
        communityId,
        clock: this.#options.clock,
        ttlMs: 0,
      });
      this.#moderators.set(communityId, moderators);
    }
    const answer = await moderators.answer(address);
    if (answer === null) {
      throw new GateRefusal(
        'RPC_UNAVAILABLE',
        'the chain did not answer; nobody is let in meanwhile',
      );
    }
    return answer;
  }

  async #requireModerator(communityId: bigint, address: Address): Promise<void> {
    if (!(await this.#isModerator(communityId, address))) {
      throw new GateRefusal(
        'NOT_A_MODERATOR',
        `${address} is neither owner nor admin of community ${communityId}`,
      );
    }
  }

  /** Runs a Janus step; a Janus that fails is a refusal that grants nothing. */
  async #media<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof GateRefusal) throw error;
      throw new GateRefusal(
        'MEDIA_UNAVAILABLE',
        `the media server failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

function isModeration(ask: MediaAsk): ask is (typeof mediaModerationAsks)[number] {
  return (mediaModerationAsks as readonly MediaAsk[]).includes(ask);
}
