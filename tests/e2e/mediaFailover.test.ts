import { describe, expect, it } from 'vitest';
import { MediaServerChoice } from '../../src/media/MediaServerChoice.ts';
import { openWithProbe } from './harness/audioProbe.ts';
import { expectAllHearOnServer, liveOnServer } from './harness/expectAllHearOnServer.ts';
import { useE2eWorld } from './harness/index.ts';

// Two media servers in the site config, each a Janus with its own gate, listed in the site's
// config (and so in its Content Security Policy) from the start. A room on the second one loses
// it mid-call and moves to the first by itself.

const world = useE2eWorld({ stack: { mediaServers: 2 } });

/** Rooms move onto a media server at 3 members. */
const LOW_CAP = { media: { moveAt: 3 } };

describe('a media server that goes away', () => {
  it('the room moves to the next configured server by itself, and its members hear each other there', async (context) => {
    const servers = world.stack.mediaServers;
    const [first, second] = servers;
    // The stack runs Janus when it is installed (`apt-get install janus`; .ci/run does).
    if (!first || !second) return context.skip();
    // A room whose hash puts it on the second server.
    const choice = new MediaServerChoice(servers.map((server) => server.url));
    const room = ['failover', 'failover-1', 'failover-2', 'failover-3', 'failover-4'].find(
      (name) => choice.pick(`0/${name}`) === second.url,
    );
    if (!room) throw new Error('no room name hashes to the second server');
    const people = await Promise.all(
      ['alice', 'bob', 'carol'].map((label, i) => openWithProbe(world, label, i, LOW_CAP)),
    );
    await Promise.all(people.map((person) => person.enterRoom(0, room, { chat: false })));
    const onServer = (url: string) =>
      Promise.all(
        people.map(async (person) => {
          await expect
            .poll(() => person.byTestId('media-server').textContent(), { timeout: 45_000 })
            .toBe(new URL(url).host);
          await liveOnServer(person);
        }),
      );
    await onServer(second.url);
    await expectAllHearOnServer(people);

    // The second server (Janus and its gate) goes away mid-call: with no click, everyone moves
    // to the first, one connection each, and hears the others there.
    await second.stop();
    await onServer(first.url);
    await expectAllHearOnServer(people);
    await Promise.all(people.map((person) => person.close()));
  }, 180_000);
});
