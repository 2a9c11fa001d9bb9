/** The reconnect policies as arithmetic: how long to wait before the next attempt. */
import type { ReconnectPolicy } from './clientOptions';

/** setTimeout fires at once for longer delays (and warns): a server's `retry` could ask for that. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Milliseconds to wait before the next attempt.
 * @param retryMs the current reconnection time (the server's last `retry`, else the default)
 * @param failuresInRow reconnects already made since the last open stream (0 before the first)
 */
export function reconnectDelay(policy: ReconnectPolicy, retryMs: number, failuresInRow: number): number {
  let delay: number;
  switch (policy.kind) {
    case 'server':
      delay = retryMs;
      break;
    case 'fixed':
      delay = policy.delayMs;
      break;
    case 'exponential':
      delay = Math.min(policy.maxMs, policy.initialMs * (policy.factor ?? 2) ** failuresInRow);
      break;
  }
  return Math.min(Math.max(0, Math.round(delay)), MAX_TIMER_MS);
}

/** True when the policy allows another reconnect after `failuresInRow` reconnects without an open stream. */
export function mayReconnect(policy: ReconnectPolicy, failuresInRow: number): boolean {
  return policy.maxAttempts === undefined || failuresInRow < policy.maxAttempts;
}
