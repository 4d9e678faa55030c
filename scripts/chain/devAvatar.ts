import type { Address } from 'viem';

/**
 * A small generated SVG avatar as a `data:` URI, so resolving it fetches nothing.
 * Colours come from the address, the letter from `label`.
 *
 * @example
 * devAvatarDataUri('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 'alice.eth');
 * // 'data:image/svg+xml;base64,PHN2Zy...'
 */
export function devAvatarDataUri(address: Address, label: string): string {
  const hue = Number.parseInt(address.slice(2, 6), 16) % 360;
  const letter = (label.trim()[0] ?? '?').toUpperCase().replace(/[^A-Z0-9]/, '?');
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
    `<rect width="64" height="64" rx="32" fill="hsl(${hue} 60% 45%)"/>` +
    '<text x="32" y="42" font-family="sans-serif" font-size="28" text-anchor="middle" ' +
    `fill="#fff">${letter}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
