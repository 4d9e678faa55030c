import { describe, expect, it } from 'vitest';
import { gatewaySandboxUrl } from './gatewaySandboxUrl.ts';

// Real transaction ids and their sandbox labels, as the Dart `arweave` package's sandbox
// tests list them (ardriveapp/arweave-dart), checked with Python's base64.b32encode.
const KNOWN = [
  [
    'LuoFs4Pfij9blD0QGqYttEGyNm5cEOSdYpGOdr96fKc',
    'f3valm4d36fd6w4uhuibvjrnwra3entolqiojhlcsghhnp32pstq',
  ],
  [
    '8LxXDWKeB_0LlgZMzhSrEQaau27-mMAURgk2CBCijMY',
    '6c6fodlctyd72c4wazgm4fflcedjvo3o72mmafcgbe3aqefcrtda',
  ],
  [
    'VGh8QjtOuGuptxg08MAejTQpuEKdo8zs_5JNTRUSB_Q',
    'kruhyqr3j24gxknxda2pbqa6ru2ctocctwr4z3h7sjgu2fisa72a',
  ],
] as const;
const gateways = ['arweave.net', 'ar-io.net', 'localhost:1984'];

describe('gatewaySandboxUrl', () => {
  it('moves a site opened at <gateway>/<id>/ to its own subdomain, keeping the hash route', () => {
    for (const [id, label] of KNOWN) {
      expect(gatewaySandboxUrl(`https://ar-io.net/${id}/#/c/3/r/lobby`, gateways)).toBe(
        `https://${label}.ar-io.net/${id}/#/c/3/r/lobby`,
      );
    }
    const [id, label] = KNOWN[0];
    expect(gatewaySandboxUrl(`http://localhost:1984/${id}/?x=1`, gateways)).toBe(
      `http://${label}.localhost:1984/${id}/?x=1`,
    );
    expect(gatewaySandboxUrl(`https://arweave.net/${id}`, gateways)).toBe(
      `https://${label}.arweave.net/${id}`,
    );
  });

  it('stays where it is on the subdomain, on other hosts and at other paths', () => {
    const [id, label] = KNOWN[0];
    expect(gatewaySandboxUrl(`https://${label}.ar-io.net/${id}/`, gateways)).toBeNull();
    expect(gatewaySandboxUrl(`https://example.org/${id}/`, gateways)).toBeNull();
    expect(gatewaySandboxUrl('https://ar-io.net/', gateways)).toBeNull();
    expect(gatewaySandboxUrl(`https://ar-io.net/${id}x/`, gateways)).toBeNull();
    expect(gatewaySandboxUrl('https://ar-io.net/my-arns-name/', gateways)).toBeNull();
    // 43 characters whose last 2 bits are set encode no 32-byte id.
    expect(gatewaySandboxUrl(`https://ar-io.net/${id.slice(0, 42)}d/`, gateways)).toBeNull();
    expect(gatewaySandboxUrl(`http://127.0.0.1:1984/${id}/`, gateways)).toBeNull();
  });
});
