/**
 * The rule that moves a room from the mesh onto a media server: once its roster (this member
 * included) reaches the mesh's cap. Moving AT the cap rather than past it means the room is
 * already on the server when the next member arrives, so nobody is turned away as a listener
 * or left with a mesh that does not connect (docs/decisions-media.md).
 *
 * @example
 * if (outgrowsMesh({ members: roster.members().length + 1, cap: DEFAULT_SPEAKER_CAP })) move();
 */
export function outgrowsMesh(room: { members: number; cap: number }): boolean {
  return room.cap > 0 && room.members >= room.cap;
}
