import { SvelteMap } from 'svelte/reactivity';
import type { Address, Client, Hash } from 'viem';
import type { CalendarMeeting } from '../calendar/calendarTypes.ts';
import { type ClassifiedMeetings, classifyMeetings } from '../calendar/classifyMeetings.ts';
import type { MeetingReminders } from '../calendar/MeetingReminders.ts';
import { meetingOccurrences } from '../calendar/meetingOccurrences.ts';
import { toCalendarMeeting } from '../calendar/toCalendarMeeting.ts';
import { cancelMeeting } from '../chain/cancelMeeting.ts';
import { createMeeting } from '../chain/createMeeting.ts';
import { getCommunity } from '../chain/getCommunity.ts';
import { getCommunityMeetings } from '../chain/getCommunityMeetings.ts';
import { getCommunityRoles } from '../chain/getCommunityRoles.ts';
import { getMeetingParticipants } from '../chain/getMeetingParticipants.ts';
import { hasAccessMany } from '../chain/hasAccessMany.ts';
import type { MeetingFields } from '../chain/meetingTypes.ts';
import { rsvpMeeting } from '../chain/rsvpMeeting.ts';
import type { SenderClient } from '../chain/sendCommunityAccessTransaction.ts';
import { updateMeeting } from '../chain/updateMeeting.ts';
import { waitForTransaction } from '../chain/waitForTransaction.ts';
import type { Clock } from '../core/clock.ts';
import type { Scope } from '../core/Scope.ts';

/** A calendar page's data once read. */
export interface CalendarData {
  communityName: string;
  meetings: CalendarMeeting[];
  /** Owner or admin of an active community: offered the schedule form. */
  canManage: boolean;
  /** On the allowlist (or another rule): may RSVP and join. */
  member: boolean;
}

export type CalendarState =
  | { status: 'loading' }
  | ({ status: 'ready' } & CalendarData)
  | { status: 'error'; error: unknown };

/** A write the calendar sends from the wallet. */
export type CalendarAction =
  | { kind: 'create'; fields: MeetingFields }
  | { kind: 'update'; meetingId: bigint; fields: MeetingFields }
  | { kind: 'cancel'; meetingId: bigint }
  | { kind: 'rsvp'; meetingId: bigint; attending: boolean };

/** Calls `onCount` with the number of members in `roomId` until `scope` ends. */
export type WatchRoom = (roomId: string, scope: Scope, onCount: (count: number) => void) => void;

/** Where a {@link CalendarStore} reads and writes. */
export interface CalendarStoreOptions {
  client: Client;
  communityAccess: Address;
  meetingScheduler: Address;
  communityId: bigint;
  account: Address;
  /** The connected wallet as a sender (asked at each write). */
  sender: () => Promise<SenderClient>;
  watchRoom: WatchRoom;
  reminders: MeetingReminders;
  clock: Clock;
  /** Ends with the page. */
  scope: Scope;
}

/** Rooms watched at once for "live now" (each is a graph subscription). */
const MAX_WATCHED_ROOMS = 20;
/** Only rooms of meetings starting within this window (or running) are watched. */
const WATCH_AHEAD_MS = 24 * 3_600_000;

/**
 * A community's calendar for one viewer: meetings from the chain, sorted into live,
 * upcoming and past by time and room presence, RSVPs and the admin's writes, and reminders.
 *
 * @example
 * const store = new CalendarStore({ client, communityAccess, meetingScheduler, communityId, ... });
 * await store.load();
 * store.classified.upcoming; // soonest first
 */
export class CalendarStore {
  state = $state.raw<CalendarState>({ status: 'loading' });
  /** The clock, ticking every 30 s so meetings move from upcoming to past on their own. */
  now = $state(0);
  /** Members present per room id, for rooms watched. */
  readonly occupancy = new SvelteMap<string, number>();
  /** Who RSVPed, per meeting id, once asked for. */
  readonly participants = new SvelteMap<bigint, readonly Address[]>();
  readonly #options: CalendarStoreOptions;
  #rooms: Scope | undefined;
  #watched = '';
  #request = 0;

  constructor(options: CalendarStoreOptions) {
    this.#options = options;
    this.now = options.clock.now();
    options.scope.setInterval(() => {
      this.now = options.clock.now();
      this.#watchRooms();
    }, 30_000);
  }

  /** The meetings sorted into live now, upcoming and past. */
  get classified(): ClassifiedMeetings {
    const meetings = this.state.status === 'ready' ? this.state.meetings : [];
    return classifyMeetings(meetings, this.now, (room) => (this.occupancy.get(room) ?? 0) > 0);
  }

  /** Reads the community, the viewer's roles and the meetings (newest 500). */
  async load(): Promise<void> {
    const request = ++this.#request;
    const { client, communityAccess, meetingScheduler, communityId, account } = this.#options;
    try {
      const [community, [member], roles, { meetings }] = await Promise.all([
        getCommunity(client, { contract: communityAccess, communityId }),
        hasAccessMany(client, {
          contract: communityAccess,
          queries: [{ communityId, address: account }],
        }),
        getCommunityRoles(client, { contract: communityAccess, communityId, account }),
        getCommunityMeetings(client, { contract: meetingScheduler, communityId, account }),
      ]);
      if (request !== this.#request) return;
      const calendar = meetings.map(toCalendarMeeting);
      this.state = {
        status: 'ready',
        communityName: community.name,
        meetings: calendar,
        canManage: roles.canManageMembers,
        member: member === true,
      };
      this.now = this.#options.clock.now();
      this.#options.reminders.schedule(calendar);
      this.#watchRooms();
    } catch (error) {
      if (request === this.#request) this.state = { status: 'error', error };
    }
  }

  /** Reads who RSVPed a meeting (its first 300). */
  async loadParticipants(meetingId: bigint): Promise<void> {
    const { client, meetingScheduler } = this.#options;
    const list = await getMeetingParticipants(client, { contract: meetingScheduler, meetingId });
    this.participants.set(meetingId, list);
  }

  /**
   * Sends a write from the wallet, waits until it is mined, then reads the calendar again.
   * Rejects with an AppError in words (the contract's refusal, a declined wallet).
   */
  async send(action: CalendarAction): Promise<Hash> {
    const { client, meetingScheduler: contract, communityId } = this.#options;
    const sender = await this.#options.sender();
    const hash = await (() => {
      switch (action.kind) {
        case 'create':
          return createMeeting(sender, { contract, communityId, meeting: action.fields });
        case 'update':
          return updateMeeting(sender, {
            contract,
            meetingId: action.meetingId,
            meeting: action.fields,
          });
        case 'cancel':
          return cancelMeeting(sender, { contract, meetingId: action.meetingId });
        case 'rsvp':
          return rsvpMeeting(sender, {
            contract,
            meetingId: action.meetingId,
            attending: action.attending,
          });
      }
    })();
    await waitForTransaction(client, { hash });
    await this.load();
    if (action.kind === 'rsvp') await this.loadParticipants(action.meetingId);
    return hash;
  }

  /** Follows presence in the rooms of meetings running or starting within a day. */
  #watchRooms(): void {
    if (this.state.status !== 'ready') return;
    const now = this.#options.clock.now();
    const rooms = this.state.meetings
      .filter((meeting) => {
        if (meeting.state === 'ended' || meeting.state === 'cancelled') return false;
        const [next] = meetingOccurrences(meeting, { from: now, max: 1 });
        return next !== undefined && next.start < now + WATCH_AHEAD_MS;
      })
      .slice(0, MAX_WATCHED_ROOMS)
      .map((meeting) => meeting.roomId);
    const key = rooms.join(',');
    if (key === this.#watched) return;
    this.#watched = key;
    this.#rooms?.end();
    const scope = this.#options.scope.child();
    this.#rooms = scope;
    this.occupancy.clear();
    for (const roomId of rooms) {
      this.#options.watchRoom(roomId, scope, (count) => this.occupancy.set(roomId, count));
    }
  }
}
