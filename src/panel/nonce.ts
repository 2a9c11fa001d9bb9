import { randomBytes } from 'node:crypto';

/** A per-load CSP nonce from the system's CSPRNG (never Math.random: a guessable nonce is no CSP). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}
