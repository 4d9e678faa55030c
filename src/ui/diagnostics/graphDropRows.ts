import type { GraphDrops } from '../../graph/GunGraph.ts';

/** One line of the page's own drop counts, as the diagnostics panel shows it. */
export interface GraphDropRow {
  code: string;
  text: string;
  count: number;
}

/**
 * The graph's drop counts in words, one row per kind, zeros included (a zero says the check
 * is there and nothing tripped it).
 *
 * @example
 * graphDropRows(graph.drops())[0]; // { code: 'oversize-frame', text: 'Relay frames over the size limit', count: 0 }
 */
export function graphDropRows(drops: GraphDrops): GraphDropRow[] {
  return [
    {
      code: 'oversize-frame',
      text: 'Relay frames over the size limit',
      count: drops.oversizeFrames,
    },
    {
      code: 'node-full',
      text: 'Fields past a full node’s bound',
      count: drops.fields['node-full'],
    },
    { code: 'oversize', text: 'Fields too large', count: drops.fields.oversize },
    { code: 'stale', text: 'Fields dated too far ahead', count: drops.fields.stale },
  ];
}
