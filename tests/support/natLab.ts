import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

// Two homes behind their own NATs and a TURN server's network, all namespaces made inside
// the e2e namespace (E), which routes between them like the internet would:
//
//   host-a 10.88.1.2 -- 10.88.1.1 nat-a 10.99.1.2 -- 10.99.1.1  E  10.77.0.1 -- 10.77.0.2 turn
//   host-b 10.88.2.2 -- 10.88.2.1 nat-b 10.99.2.2 -- 10.99.2.1  E
//
// Each nat-* masquerades its home behind its outside address. E drops everything between the
// two NATs' outside addresses, so the homes can never reach each other directly (as behind
// symmetric NATs), only through TURN. Services of E itself (10.77.0.1) answer both homes.

/** One home: the namespace a browser runs in and the addresses a peer could learn. */
export interface NatHome {
  /** Namespace of the home's host (where the browser runs). */
  host: string;
  /** Namespace of its NAT. */
  nat: string;
  /** The host's own address (its host candidate). */
  hostIp: string;
  /** The NAT's outside address (its server-reflexive candidate). */
  outsideIp: string;
}

/** The lab made by {@link makeNatLab}. */
export interface NatLab {
  a: NatHome;
  b: NatHome;
  /** Namespace of the TURN server. */
  turn: string;
  turnIp: string;
  /** E's address on the TURN side, reachable from both homes. */
  serviceIp: string;
  /** Takes a home's NAT off the outside network (link down), as a lost connection would. */
  unplug(home: NatHome): void;
  /** Brings it back, with its default route. */
  plugIn(home: NatHome): void;
  /** Removes every namespace and rule it made, and restores E's forwarding setting. */
  close(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function inNs(ns: string, ...command: string[]): void {
  execFileSync('ip', ['netns', 'exec', ns, ...command], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const FORWARD = '/proc/sys/net/ipv4/ip_forward';

/**
 * Makes the lab inside the current (e2e) namespace; `id` keeps its namespace names apart from
 * another run's. Needs root, iproute2 and iptables.
 *
 * @example
 * const lab = makeNatLab(String(process.pid));
 * try { execFileSync('ip', ['netns', 'exec', lab.a.host, 'chromium']); } finally { lab.close(); }
 */
export function makeNatLab(id: string): NatLab {
  if (!process.env.CC_E2E_NETNS)
    throw new Error('the NAT lab is made only inside the e2e namespace');
  const turn = `cc-turn-${id}`;
  const a: NatHome = {
    host: `cc-ha-${id}`,
    nat: `cc-na-${id}`,
    hostIp: '10.88.1.2',
    outsideIp: '10.99.1.2',
  };
  const b: NatHome = {
    host: `cc-hb-${id}`,
    nat: `cc-nb-${id}`,
    hostIp: '10.88.2.2',
    outsideIp: '10.99.2.2',
  };
  const forwardBefore = readFileSync(FORWARD, 'utf8').trim();
  const drops = [
    ['FORWARD', '-s', '10.99.1.0/24', '-d', '10.99.2.0/24', '-j', 'DROP'],
    ['FORWARD', '-s', '10.99.2.0/24', '-d', '10.99.1.0/24', '-j', 'DROP'],
  ];
  const namespaces = [turn, a.nat, a.host, b.nat, b.host];
  const close = () => {
    for (const rule of drops) {
      try {
        execFileSync('iptables', ['-D', ...rule], { stdio: 'ignore' });
      } catch {
        // never added
      }
    }
    writeFileSync(FORWARD, forwardBefore);
    for (const ns of namespaces) {
      try {
        execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
      } catch {
        // never made
      }
    }
  };
  try {
    for (const ns of namespaces) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    writeFileSync(FORWARD, '1');
    // E <-> turn
    ip('link', 'add', `tt-${id}`, 'type', 'veth', 'peer', 'name', 'up0', 'netns', turn);
    ip('addr', 'add', '10.77.0.1/24', 'dev', `tt-${id}`);
    ip('link', 'set', `tt-${id}`, 'up');
    ip('-n', turn, 'addr', 'add', '10.77.0.2/24', 'dev', 'up0');
    ip('-n', turn, 'link', 'set', 'up0', 'up');
    ip('-n', turn, 'route', 'add', 'default', 'via', '10.77.0.1');
    for (const [home, n] of [
      [a, 1],
      [b, 2],
    ] as const) {
      // E <-> nat (outside)
      ip('link', 'add', `to${n}-${id}`, 'type', 'veth', 'peer', 'name', 'out0', 'netns', home.nat);
      ip('addr', 'add', `10.99.${n}.1/24`, 'dev', `to${n}-${id}`);
      ip('link', 'set', `to${n}-${id}`, 'up');
      ip('-n', home.nat, 'addr', 'add', `${home.outsideIp}/24`, 'dev', 'out0');
      ip('-n', home.nat, 'link', 'set', 'out0', 'up');
      ip('-n', home.nat, 'route', 'add', 'default', 'via', `10.99.${n}.1`);
      // nat (inside) <-> host
      ip(
        '-n',
        home.nat,
        'link',
        'add',
        'in0',
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        home.host,
      );
      ip('-n', home.nat, 'addr', 'add', `10.88.${n}.1/24`, 'dev', 'in0');
      ip('-n', home.nat, 'link', 'set', 'in0', 'up');
      ip('-n', home.host, 'addr', 'add', `${home.hostIp}/24`, 'dev', 'eth0');
      ip('-n', home.host, 'link', 'set', 'eth0', 'up');
      ip('-n', home.host, 'route', 'add', 'default', 'via', `10.88.${n}.1`);
      inNs(home.nat, 'sh', '-c', `echo 1 > ${FORWARD}`);
      inNs(
        home.nat,
        'iptables',
        '-t',
        'nat',
        '-A',
        'POSTROUTING',
        '-o',
        'out0',
        '-j',
        'MASQUERADE',
      );
    }
    for (const rule of drops) execFileSync('iptables', ['-A', ...rule], { stdio: 'inherit' });
  } catch (error) {
    close();
    throw error;
  }
  const outsideGateway = (home: NatHome) => (home === a ? '10.99.1.1' : '10.99.2.1');
  return {
    a,
    b,
    turn,
    turnIp: '10.77.0.2',
    serviceIp: '10.77.0.1',
    unplug: (home) => ip('-n', home.nat, 'link', 'set', 'out0', 'down'),
    plugIn: (home) => {
      ip('-n', home.nat, 'link', 'set', 'out0', 'up');
      // A link going down takes its routes with it.
      ip('-n', home.nat, 'route', 'replace', 'default', 'via', outsideGateway(home));
    },
    close,
  };
}
