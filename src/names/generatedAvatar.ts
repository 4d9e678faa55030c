import { type Address, getAddress } from 'viem';

/**
 * A stable avatar for an address without an ENS avatar: a symmetric 5x5 pattern in two
 * colours taken from the address, as an SVG `data:` URI (nothing is fetched).
 *
 * @example
 * img.src = generatedAvatar('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
 */
export function generatedAvatar(address: Address): string {
  const hex = address.slice(2).toLowerCase();
  const byte = (i: number) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16) || 0;
  const hue = ((byte(0) << 8) | byte(1)) % 360;
  const fg = `hsl(${hue} 65% 45%)`;
  const bg = `hsl(${(hue + 180) % 360} 40% 92%)`;
  const cells: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      if ((byte(2 + row * 3 + col) & 1) === 0) continue;
      for (const x of col === 2 ? [2] : [col, 4 - col]) {
        cells.push(`<rect x="${x + 1}" y="${row + 1}" width="1" height="1"/>`);
      }
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" shape-rendering="crispEdges">` +
    `<rect width="7" height="7" fill="${bg}"/><g fill="${fg}">${cells.join('')}</g></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * A checksummed address shortened for display: `0x7099…79C8`.
 *
 * @example
 * shortAddress('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'); // '0x7099…79C8'
 */
export function shortAddress(address: Address): string {
  const checksummed = getAddress(address);
  return `${checksummed.slice(0, 6)}…${checksummed.slice(-4)}`;
}
