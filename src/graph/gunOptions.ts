/** Gun options shared by every client instance this app makes. */
export interface GunClientOptions {
  peers: string[];
  multicast: false;
  super: false;
  axe: false;
  localStorage: false;
  /** Reconnect attempts per relay; the browser gives up after Gun's default of 60. */
  retry: number;
  [option: string]: unknown;
}

/**
 * A fresh options object for a Gun client (Gun mutates the object it is given, so never
 * share one): relays from config, no UDP multicast, not a super peer, no AXE routing,
 * no localStorage (the browser uses IndexedDB through radisk instead).
 *
 * @example
 * const gun = Gun({ ...gunClientOptions(config.gun.relays), radisk: false });
 */
export function gunClientOptions(relays: readonly string[]): GunClientOptions {
  return {
    peers: [...relays],
    multicast: false,
    super: false,
    axe: false,
    localStorage: false,
    retry: Number.MAX_SAFE_INTEGER,
  };
}
