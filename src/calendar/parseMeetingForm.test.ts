import { describe, expect, it } from 'vitest';
import { type MeetingForm, parseMeetingForm } from './parseMeetingForm.ts';

const now = Date.UTC(2027, 0, 1, 12, 0);
const form = (overrides: Partial<MeetingForm> = {}): MeetingForm => ({
  title: 'Weekly call',
  description: '',
  start: now + 3_600_000,
  durationMinutes: 45,
  repeat: 'weekly',
  end: { kind: 'count', count: 10 },
  ...overrides,
});
const error = (overrides: Partial<MeetingForm>, keepStart: number | null = null) => {
  const parsed = parseMeetingForm(form(overrides), now, keepStart);
  return parsed.ok ? null : parsed.error;
};

describe('parseMeetingForm', () => {
  it('turns a good form into the contract fields', () => {
    const parsed = parseMeetingForm(form({ title: '  Weekly call ' }), now);
    expect(parsed).toMatchObject({
      ok: true,
      fields: {
        title: 'Weekly call',
        scheduledTime: BigInt((now + 3_600_000) / 1000),
        duration: 45,
        repeat: 1,
        occurrences: 10,
        repeatUntil: 0n,
      },
    });
    const until = parseMeetingForm(
      form({ repeat: 'monthly', end: { kind: 'until', until: now + 90 * 86_400_000 } }),
      now,
    );
    expect(until).toMatchObject({ ok: true, fields: { repeat: 3, occurrences: 0 } });
    const once = parseMeetingForm(form({ repeat: 'none' }), now);
    expect(once).toMatchObject({
      ok: true,
      fields: { repeat: 0, occurrences: 0, repeatUntil: 0n },
    });
  });

  it('refuses bad input in plain words', () => {
    expect(error({ title: '   ' })).toBe('Give the meeting a title.');
    expect(error({ title: 'é'.repeat(51) })).toBe('The title is too long: 102 bytes, at most 100.');
    expect(error({ description: 'd'.repeat(1025) })).toMatch(/description is too long/);
    expect(error({ start: now - 60_000 })).toBe(
      'Pick a start time in the future (at least a minute from now).',
    );
    expect(error({ start: Number.NaN })).toBe('Pick a date and a start time.');
    expect(error({ durationMinutes: 0 })).toBe(
      'A meeting needs a duration of at least one minute.',
    );
    expect(error({ durationMinutes: 1441 })).toBe('A meeting can last at most 24 hours.');
    expect(error({ end: { kind: 'count', count: 1 } })).toBe(
      'A repeating meeting happens 2 to 520 times.',
    );
    expect(error({ end: { kind: 'until', until: now } })).toBe(
      'The last date of a repeating meeting must come after its first.',
    );
    expect(error({ start: now + 3651 * 86_400_000 })).toBe('Pick a start within ten years.');
  });

  it('lets an edit keep a start that has passed', () => {
    const past = now - 86_400_000;
    expect(error({ start: past }, past)).toBeNull();
  });
});
