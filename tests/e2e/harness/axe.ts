import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core reports of one violation, as much as the check reads. */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core on what the page shows now and lists its serious and critical violations,
 * one line each ("rule: help — selectors"), so a failing assertion says what to fix. The
 * source is evaluated in the page rather than added as a script tag: the app's Content
 * Security Policy (sent by the local stack) refuses inline scripts, as it should.
 *
 * @example
 * expect(await seriousViolations(alice.page)).toEqual([]);
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
    };
    const result = await axe.run(document, {
      resultTypes: ['violations'],
      // Experimental in axe, on here: a button labelled apart from its words is one a voice
      // control user cannot name ("Move to listeners" read "Move bob.eth to listeners").
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Characters drawn only by an emoji font (empty boxes without one). */
const EMOJI = /\p{Extended_Pictographic}/gu;

/**
 * The emoji in the text of the elements `selector` matches, e.g. the room screen:
 * none should be left, since many systems (Debian's Chromium) have no emoji font.
 *
 * @example
 * expect(await emojiIn(alice.page, '[data-testid="room-screen"]')).toEqual([]);
 */
export function emojiIn(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))
    .then((texts) => texts.flatMap((text) => text.match(EMOJI) ?? []));
}
