/** Byte limits CommunityAccess enforces (`InvalidCommunityName`, `DescriptionTooLong`). */
export const NAME_MAX_BYTES = 64;
export const DESCRIPTION_MAX_BYTES = 1024;

const bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Why the contract would refuse this name and description, before anything is signed;
 * null when they fit.
 *
 * @example
 * textLimits('', 'x'); // 'Give the community a name.'
 */
export function textLimits(name: string, description: string): string | null {
  const nameBytes = bytes(name.trim());
  if (nameBytes === 0) return 'Give the community a name.';
  if (nameBytes > NAME_MAX_BYTES) {
    return `The name is ${nameBytes} bytes long; at most ${NAME_MAX_BYTES} fit.`;
  }
  const descriptionBytes = bytes(description.trim());
  if (descriptionBytes > DESCRIPTION_MAX_BYTES) {
    return `The description is ${descriptionBytes} bytes long; at most ${DESCRIPTION_MAX_BYTES} fit.`;
  }
  return null;
}
