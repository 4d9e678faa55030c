import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address } from 'viem';
import type { Clock } from '../../src/core/clock.ts';
import type { MediaGrant, MediaModerationAsk } from '../../src/media/mediaGrant.ts';
import { isStageRoom } from '../../src/signaling/moderation.ts';
import {
  AUDIOBRIDGE_NO_SUCH_ROOM,
  AUDIOBRIDGE_NO_SUCH_USER,
  AUDIOBRIDGE_ROOM_EXISTS,
  type AudioBridgeControl,
  AudioBridgeError,
} from './AudioBridgeControl.ts';
import { type MediaRoomPart, mediaRoomNumber, mediaRoomSecret } from './mediaRoomIds.ts';

/** Payload type of the stage bridge's RTP (Opus), any dynamic type both ends agree on. */
const BRIDGE_PAYLOAD_TYPE = 100;

/** Most stage places remembered (moderators' decisions), across rooms. */
const MAX_PLACES = 10_000;

/** How the gate runs media rooms on its Janus. */
export interface MediaRoomsOptions {
  /** Opens the gate's connection to Janus (called again after it is lost). */
  connect: (onClose: () => void) => Promise<AudioBridgeControl>;
  /** The Janus WebSocket URL members are sent to. */
  serverUrl: string;
  /** AudioBridge's `admin_key` (creating rooms, forwarding). */
  adminKey: string;
  /** Key the rooms' secrets are derived from (so a restarted gate still manages its rooms). */
  roomKey: string;
  /** Sets rooms of this deployment apart (e.g. `<chainId>/<contract>`). */
  namespace: string;
  /** How long a join token admits a join (ms). */
  tokenTtlMs: number;
  /** Where Janus writes recordings (as Janus sees the path). */
  recordingsDir: string | undefined;
  /** Most grants held at once; past it new grants are refused. */
  maxGrants: number;
  clock: Clock;
}

/** One member's admission to one AudioBridge room. */
interface Grant {
  address: Address;
  communityId: bigint;
  roomId: string;
  room: number;
  id: number;
  token: string;
  expiresAt: number;
  /** Taken off the room's `allowed` list (after expiry): no new join with it. */
  closed: boolean;
}

/** A member's place in a stage room, as moderators set it through the gate. */
export type StagePlace = 'speaker' | 'listener' | 'removed';

/**
 * The gate's media rooms on Janus AudioBridge. Each app room is one AudioBridge room with a
 * secret only the gate knows and a token list (`allowed`), so Janus itself admits only
 * members the gate granted. A stage room is two: speakers in one, listeners in another that is
 * muted as a whole (`mute_room`, which a participant cannot undo, unlike its own mute), fed
 * with the speakers' mix through an RTP forwarder into a plain-RTP participant the gate holds
 * as the room's admin. So the server drops every listener's audio, whatever its client does.
 *
 * @example
 * const rooms = new MediaRooms({ connect, serverUrl, adminKey, roomKey, namespace, tokenTtlMs: 60_000, ... });
 * const grant = await rooms.grant({ communityId, roomId, address, canSpeak: true });
 */
export class MediaRooms {
  readonly #options: MediaRoomsOptions;
  #control: Promise<AudioBridgeControl> | undefined;
  /** Rooms made ready on the current connection, by room number. */
  readonly #prepared = new Map<number, Promise<void>>();
  readonly #grants = new Map<string, Grant>();
  readonly #places = new Map<string, StagePlace>();
  /** Speaker rooms being recorded, and the file each records to. */
  readonly #recording = new Map<number, string>();
  /** The last finished recording of each speaker room. */
  readonly #recorded = new Map<number, string>();
  /** Participant ids the gate placed itself (stage bridges), by room. */
  readonly #bridges = new Map<number, number>();
  /** The relay socket of each stage bridge, by listeners' room. */
  readonly #relays = new Map<number, Socket>();

  constructor(options: MediaRoomsOptions) {
    this.#options = options;
  }

  /** The AudioBridge room a member of `roomId` joins: the speakers' or the listeners'. */
  roomNumber(communityId: bigint, roomId: string, part: MediaRoomPart): number {
    return mediaRoomNumber(this.#options.namespace, communityId, roomId, part);
  }

  /** Whether a moderator placed `address` in `roomId` (stage rooms). */
  place(communityId: bigint, roomId: string, address: Address): StagePlace | undefined {
    return this.#places.get(placeKey(communityId, roomId, address));
  }

  /** Whether the room's speakers are being recorded. */
  recording(communityId: bigint, roomId: string): boolean {
    return this.#recording.has(this.roomNumber(communityId, roomId, 'speakers'));
  }

  /** Every member holding a grant, once each (for the removal watcher). */
  members(): Array<{ communityId: bigint; address: Address }> {
    const seen = new Map<string, { communityId: bigint; address: Address }>();
    for (const grant of this.#grants.values()) {
      seen.set(`${grant.communityId}/${grant.address.toLowerCase()}`, grant);
    }
    return [...seen.values()].map(({ communityId, address }) => ({ communityId, address }));
  }

  /**
   * A join token for `address` in the room its stage place allows: the speakers' room when it
   * may speak, else the listeners'. Creates the rooms on first use.
   */
  async grant(parameters: {
    communityId: bigint;
    roomId: string;
    address: Address;
    canSpeak: boolean;
  }): Promise<MediaGrant> {
    const { communityId, roomId, address, canSpeak } = parameters;
    const stage = isStageRoom(roomId);
    if (this.#grants.size >= this.#options.maxGrants) throw new Error('too many media grants held');
    const control = await this.#connection();
    const room = await this.#ready(
      communityId,
      roomId,
      stage && !canSpeak ? 'listeners' : 'speakers',
    );
    const token = randomBytes(18).toString('base64url');
    const id = randomInt(1, 2 ** 47);
    const expiresAt = this.#options.clock.now() + this.#options.tokenTtlMs;
    await control.addToken(token);
    await control.request({
      request: 'allowed',
      room,
      secret: this.#secret(room),
      action: 'add',
      allowed: [token],
    });
    this.#grants.set(token, {
      address,
      communityId,
      roomId,
      room,
      id,
      token,
      expiresAt,
      closed: false,
    });
    return {
      server: this.#options.serverUrl,
      room,
      token,
      id,
      display: address,
      canSpeak: !stage || canSpeak,
      recording: this.recording(communityId, roomId),
      expiresAt,
    };
  }

  /**
   * Carries out a moderator's action on Janus: `mute` mutes the target (it may unmute itself,
   * as on the mesh); `move-to-listener` and `remove` put it out of the speakers' room (and
   * `remove` out of the listeners' too) and revoke its tokens; `invite` lets its next grant
   * be for the speakers' room and lifts a mute.
   */
  async moderate(
    communityId: bigint,
    roomId: string,
    ask: MediaModerationAsk,
    target: Address,
  ): Promise<void> {
    const control = await this.#connection();
    const speakers = this.roomNumber(communityId, roomId, 'speakers');
    const key = placeKey(communityId, roomId, target);
    const targets = [...this.#grants.values()].filter(
      (grant) =>
        grant.communityId === communityId &&
        grant.roomId === roomId &&
        grant.address.toLowerCase() === target.toLowerCase(),
    );
    if (ask === 'invite' || ask === 'move-to-listener' || ask === 'remove') {
      // Set by owners and admins only, yet bounded: the oldest places are forgotten first.
      this.#places.delete(key);
      this.#places.set(
        key,
        ask === 'invite' ? 'speaker' : ask === 'remove' ? 'removed' : 'listener',
      );
      for (const old of this.#places.keys()) {
        if (this.#places.size <= MAX_PLACES) break;
        this.#places.delete(old);
      }
    }
    for (const grant of targets) {
      if (ask === 'mute' || ask === 'invite') {
        if (grant.room !== speakers) continue;
        await ignoreGone(
          control.request({
            request: ask === 'mute' ? 'mute' : 'unmute',
            room: grant.room,
            secret: this.#secret(grant.room),
            id: grant.id,
          }),
        );
      } else if (ask === 'remove' || grant.room === speakers) {
        await this.#revoke(control, grant);
      }
    }
  }

  /** Puts `address` out of every media room of the community and revokes its tokens. */
  async expel(communityId: bigint, address: Address): Promise<number> {
    const control = await this.#connection();
    const grants = [...this.#grants.values()].filter(
      (grant) =>
        grant.communityId === communityId && grant.address.toLowerCase() === address.toLowerCase(),
    );
    await Promise.all(grants.map((grant) => this.#revoke(control, grant)));
    return grants.length;
  }

  /** Starts or stops recording the room's speakers (the mix everyone hears). */
  async record(communityId: bigint, roomId: string, on: boolean): Promise<boolean> {
    const control = await this.#connection();
    const room = await this.#ready(communityId, roomId, 'speakers');
    const dir = this.#options.recordingsDir;
    if (!dir) throw new Error('this gate was started without a recordings folder');
    const file = `room-${room}-${this.#options.clock.now()}.wav`;
    await control.request({
      request: 'enable_recording',
      room,
      secret: this.#secret(room),
      record: on,
      ...(on ? { record_file: file, record_dir: dir } : {}),
    });
    const current = this.#recording.get(room);
    if (on) this.#recording.set(room, join(dir, file));
    else if (current) {
      this.#recording.delete(room);
      // The mixer closes the file (renamed from `.wav.tmp`) on its next round.
      await fileAppears(current, 3_000);
      this.#recorded.set(room, current);
    }
    return on;
  }

  /** The file of the room's last finished recording, if any. */
  lastRecording(communityId: bigint, roomId: string): string | undefined {
    return this.#recorded.get(this.roomNumber(communityId, roomId, 'speakers'));
  }

  /**
   * Housekeeping, every few seconds: closes expired tokens (no new joins), forgets grants
   * whose participant left, and kicks participants the gate did not grant and older
   * duplicates of a member who joined again.
   */
  async sweep(): Promise<void> {
    if (this.#grants.size === 0) return;
    const control = await this.#connection();
    const now = this.#options.clock.now();
    const rooms = new Set([...this.#grants.values()].map((grant) => grant.room));
    for (const room of rooms) {
      const answer = await control
        .request({ request: 'listparticipants', room })
        .catch((error: unknown) => (isGone(error) ? { participants: [] } : Promise.reject(error)));
      const present = new Set(
        ((answer.participants ?? []) as Array<{ id?: unknown }>).map((participant) =>
          Number(participant.id),
        ),
      );
      const granted = [...this.#grants.values()].filter((grant) => grant.room === room);
      const byId = new Map(granted.map((grant) => [grant.id, grant]));
      const newest = new Map<string, Grant>();
      for (const grant of granted) {
        if (!present.has(grant.id)) continue;
        const key = grant.address.toLowerCase();
        const other = newest.get(key);
        if (!other || other.expiresAt < grant.expiresAt) newest.set(key, grant);
      }
      for (const id of present) {
        const grant = byId.get(id);
        if (id === this.#bridges.get(room)) continue;
        if (!grant) {
          await ignoreGone(
            control.request({ request: 'kick', room, secret: this.#secret(room), id }),
          );
        } else if (newest.get(grant.address.toLowerCase()) !== grant) {
          await this.#revoke(control, grant);
        }
      }
      for (const grant of granted) {
        if (grant.expiresAt > now) continue;
        if (!grant.closed) {
          grant.closed = true;
          await ignoreGone(
            control.request({
              request: 'allowed',
              room,
              secret: this.#secret(room),
              action: 'remove',
              allowed: [grant.token],
            }),
          );
        }
        if (!present.has(grant.id)) {
          await control.removeToken(grant.token).catch(() => {});
          this.#grants.delete(grant.token);
        }
      }
    }
  }

  /** Ends the gate's connection to Janus (the rooms stay until Janus stops). */
  async close(): Promise<void> {
    const control = this.#control;
    this.#control = undefined;
    this.#closeRelays();
    if (control) (await control.catch(() => undefined))?.close();
  }

  async #revoke(control: AudioBridgeControl, grant: Grant): Promise<void> {
    this.#grants.delete(grant.token);
    const secret = this.#secret(grant.room);
    await ignoreGone(control.request({ request: 'kick', room: grant.room, secret, id: grant.id }));
    await ignoreGone(
      control.request({
        request: 'allowed',
        room: grant.room,
        secret,
        action: 'remove',
        allowed: [grant.token],
      }),
    );
    await control.removeToken(grant.token).catch(() => {});
  }

  #connection(): Promise<AudioBridgeControl> {
    const current = this.#control;
    if (current) return current;
    const opened = this.#options.connect(() => {
      // A new session: the stage bridges died with the old one, so rooms are prepared again.
      if (this.#control === opened) this.#control = undefined;
      this.#prepared.clear();
      this.#bridges.clear();
      this.#closeRelays();
    });
    this.#control = opened;
    opened.catch(() => {
      if (this.#control === opened) this.#control = undefined;
    });
    return opened;
  }

  /** The room's number once it (and, for a stage, its other half and bridge) exists. */
  async #ready(communityId: bigint, roomId: string, part: MediaRoomPart): Promise<number> {
    const speakers = this.roomNumber(communityId, roomId, 'speakers');
    let prepared = this.#prepared.get(speakers);
    if (!prepared) {
      prepared = this.#prepare(communityId, roomId);
      this.#prepared.set(speakers, prepared);
      prepared.catch(() => this.#prepared.delete(speakers));
    }
    await prepared;
    return this.roomNumber(communityId, roomId, part);
  }

  async #prepare(communityId: bigint, roomId: string): Promise<void> {
    const control = await this.#connection();
    const speakers = this.roomNumber(communityId, roomId, 'speakers');
    await this.#create(control, speakers, {});
    if (isStageRoom(roomId)) await this.#prepareStage(communityId, roomId);
  }

  async #prepareStage(communityId: bigint, roomId: string): Promise<void> {
    const control = await this.#connection();
    const speakers = this.roomNumber(communityId, roomId, 'speakers');
    const listeners = this.roomNumber(communityId, roomId, 'listeners');
    await this.#create(control, listeners, { allow_rtp_participants: true });
    // The listeners' room is muted as a whole: only admins (the gate's bridge) are mixed.
    await control
      .request({ request: 'mute_room', room: listeners, secret: this.#secret(listeners) })
      .catch((error: unknown) =>
        error instanceof AudioBridgeError ? undefined : Promise.reject(error),
      );
    // Forwarders left by an earlier gate session point at ports nobody reads any more.
    const forwarders = await control.request({
      request: 'listforwarders',
      room: speakers,
      secret: this.#secret(speakers),
    });
    for (const forwarder of (forwarders.rtp_forwarders ?? []) as Array<{ stream_id?: unknown }>) {
      await ignoreGone(
        control.request({
          request: 'stop_rtp_forward',
          room: speakers,
          secret: this.#secret(speakers),
          admin_key: this.#options.adminKey,
          stream_id: forwarder.stream_id,
        }),
      );
    }
    const token = randomBytes(18).toString('base64url');
    await control.request({
      request: 'allowed',
      room: listeners,
      secret: this.#secret(listeners),
      action: 'add',
      allowed: [token],
    });
    const handle = await control.attach();
    const id = randomInt(1, 2 ** 47);
    const relay = await this.#openRelay(listeners);
    const joined = await control.request(
      {
        request: 'join',
        room: listeners,
        id,
        display: 'stage',
        token,
        secret: this.#secret(listeners),
        rtp: { ip: '127.0.0.1', port: relay.address().port, payload_type: BRIDGE_PAYLOAD_TYPE },
      },
      handle,
    );
    const port = (joined.rtp as { port?: unknown } | undefined)?.port;
    if (typeof port !== 'number') throw new Error('AudioBridge gave the stage bridge no RTP port');
    // The bridge's socket is connected to the relay (it takes packets from there only): the
    // speakers' mix comes in from the forwarder and goes on to the bridge; the listeners' mix
    // the bridge sends back is dropped.
    relay.on('message', (packet, from) => {
      if (from.port !== port) relay.send(packet, port, '127.0.0.1');
    });
    await control.request({
      request: 'rtp_forward',
      room: speakers,
      secret: this.#secret(speakers),
      admin_key: this.#options.adminKey,
      host: '127.0.0.1',
      port: relay.address().port,
      codec: 'opus',
      ptype: BRIDGE_PAYLOAD_TYPE,
    });
    this.#bridges.set(listeners, id);
  }

  /** Creates an AudioBridge room with the gate's secret and an (empty) token list. */
  async #create(
    control: AudioBridgeControl,
    room: number,
    extra: Record<string, unknown>,
  ): Promise<void> {
    try {
      await control.request({
        request: 'create',
        room,
        admin_key: this.#options.adminKey,
        secret: this.#secret(room),
        is_private: true,
        permanent: false,
        sampling_rate: 48_000,
        audiolevel_event: true,
        // Speaking rings come from these events: AudioBridge's defaults (100 packets, i.e. 2 s,
        // averaging under 25 dBov) ring only loud, long speech. Half a second under 40 dBov
        // follows a voice at a normal distance from the microphone.
        audio_active_packets: 25,
        audio_level_average: 40,
        record: false,
        allowed: [],
        ...extra,
      });
    } catch (error) {
      // Made by this gate before a restart: same number, same derived secret.
      if (!(error instanceof AudioBridgeError && error.code === AUDIOBRIDGE_ROOM_EXISTS))
        throw error;
    }
  }

  /** A room's secret: derived, so only holders of the gate's key can manage the room. */
  #secret(room: number): string {
    return mediaRoomSecret(this.#options.roomKey, room);
  }

  /** A loopback UDP socket between the speakers' forwarder and a stage bridge. */
  async #openRelay(listeners: number): Promise<Socket> {
    this.#relays.get(listeners)?.close();
    const relay = createSocket('udp4');
    await new Promise<void>((resolve) => relay.bind(0, '127.0.0.1', resolve));
    this.#relays.set(listeners, relay);
    return relay;
  }

  #closeRelays(): void {
    for (const relay of this.#relays.values()) relay.close();
    this.#relays.clear();
  }
}

/** Resolves once `path` exists, or after `timeoutMs` either way. */
async function fileAppears(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function placeKey(communityId: bigint, roomId: string, address: Address): string {
  return `${communityId}/${roomId}/${address.toLowerCase()}`;
}

/** Whether an AudioBridge error says the participant or room is gone already. */
function isGone(error: unknown): boolean {
  return (
    error instanceof AudioBridgeError &&
    (error.code === AUDIOBRIDGE_NO_SUCH_USER || error.code === AUDIOBRIDGE_NO_SUCH_ROOM)
  );
}

/** Awaits a kick or revoke whose target may have left already. */
async function ignoreGone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}
