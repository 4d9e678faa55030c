/**
 * Where focus goes inside a toolbar with one tab stop (a roving tabindex) when `key` is
 * pressed on item `current` of `count`: left and right arrows move and wrap around, Home and
 * End jump (up and down stay with the message list, which they scroll).
 * `undefined` for any other key, which the toolbar leaves alone.
 *
 * @example
 * rovingIndex('ArrowRight', 4, 5); // 0
 * rovingIndex('End', 0, 5); // 4
 */
export function rovingIndex(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
