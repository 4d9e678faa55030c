/**
 * Whether an error from creating a client says the inbox has all the installations it may
 * have (XMTP allows 10 per inbox; each browser database is one).
 *
 * @example
 * if (isInstallationLimit(error)) showInstallations();
 */
export function isInstallationLimit(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /already registered \d+\/\d+ installations|revoke existing installations|too many installations/i.test(
    message,
  );
}
