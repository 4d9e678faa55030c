import { describe, expect, it } from 'vitest';
import { explainEntrySignatures } from './explainEntrySignatures.ts';

const HOUR = 3_600_000;

describe('explainEntrySignatures', () => {
  it('says in two short sentences what the one signature is and why', () => {
    const lines = explainEntrySignatures({
      lifetimeMs: 24 * HOUR,
      chainName: 'Arbitrum One',
      withChat: false,
    });
    const text = lines.join(' ');
    expect(text).toContain('not a transaction');
    expect(text).toContain('costs no gas');
    expect(text).toContain('Arbitrum One for 1 day');
    expect(text.match(/[.!?](\s|$)/g)).toHaveLength(2);
  });

  it("gives chat's signature, asked right after, one sentence of its own", () => {
    const lines = explainEntrySignatures({
      lifetimeMs: 48 * HOUR,
      chainName: 'Arbitrum One',
      withChat: true,
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('two messages');
    expect(lines[0]).toContain('costs no gas');
    expect(lines[1]).toContain('for 2 days');
    expect(lines[2]).toContain('chat keys');
    for (const line of lines) expect(line.match(/[.!?](\s|$)/g)).toHaveLength(1);
  });
});
