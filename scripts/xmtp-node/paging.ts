/**
 * Cursor paging with the XMTP V3 semantics (xmtp-node-go `QueryGroupMessagesV1`): no
 * paging info or an unspecified direction means descending; ascending returns ids above
 * the cursor, descending ids below it (cursor 0 = from the end); the reply's cursor is the
 * last id returned when the page is full, else 0, so clients keep asking while pages are full.
 */

/** Sort directions as numbered in `xmtp.mls.api.v1.SortDirection`. */
export const SortDirection = { UNSPECIFIED: 0, ASCENDING: 1, DESCENDING: 2 } as const;

/** A page request, already read from the protobuf `PagingInfo`. */
export interface PageRequest {
  direction: number;
  limit: number;
  idCursor: number;
}

/** A page and the paging info to send back with it. */
export interface Page<T> {
  items: T[];
  direction: number;
  limit: number;
  idCursor: number;
}

/**
 * Returns one page of `records`, which must be sorted by ascending `id`.
 * @example page([{ id: 1 }, { id: 2 }], { direction: 1, limit: 1, idCursor: 0 }, 100)
 * // { items: [{ id: 1 }], direction: 1, limit: 1, idCursor: 1 }
 */
export function page<T extends { id: number }>(
  records: readonly T[],
  request: PageRequest | undefined,
  maxPageSize: number,
): Page<T> {
  const ascending = request?.direction === SortDirection.ASCENDING;
  const asked = request?.limit ?? 0;
  const limit = asked > 0 && asked <= maxPageSize ? asked : maxPageSize;
  const cursor = request?.idCursor ?? 0;
  let items: T[];
  if (ascending) {
    const start = firstAbove(records, cursor);
    items = records.slice(start, start + limit);
  } else {
    const end = cursor > 0 ? firstAbove(records, cursor - 1) : records.length;
    items = records.slice(Math.max(0, end - limit), end).reverse();
  }
  const last = items[items.length - 1];
  return {
    items,
    direction: ascending ? SortDirection.ASCENDING : SortDirection.DESCENDING,
    limit,
    idCursor: items.length >= limit && last !== undefined ? last.id : 0,
  };
}

/** Index of the first record whose id is greater than `id` (binary search). */
export function firstAbove(records: readonly { id: number }[], id: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((records[mid]?.id ?? 0) <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}
