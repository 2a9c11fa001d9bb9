/**
 * REST Client's `rest-client.environmentVariables` setting: named environments of variables,
 * plus `$shared`, whose variables every environment sees unless it defines the same name.
 */

/** The setting as read from settings.json (anything: it is checked here). */
export type EnvironmentSetting = unknown;

export const SHARED_ENVIRONMENT = '$shared';

/** The environment names a user can pick (not `$shared`), in settings order. */
export function environmentNames(setting: EnvironmentSetting): string[] {
  return Object.keys(asRecord(setting)).filter((name) => name !== SHARED_ENVIRONMENT);
}

/** `$shared` merged with the selected environment (undefined: "No Environment", `$shared` only). */
export function environmentScope(
  setting: EnvironmentSetting,
  selected: string | undefined,
): { environment: Map<string, string>; shared: Map<string, string> } {
  const all = asRecord(setting);
  const shared = stringsOf(all[SHARED_ENVIRONMENT]);
  const chosen = selected !== undefined && selected !== SHARED_ENVIRONMENT ? stringsOf(all[selected]) : new Map<string, string>();
  return { environment: new Map([...shared, ...chosen]), shared };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** String values only (REST Client's are strings; numbers and booleans are written as text). */
function stringsOf(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, v] of Object.entries(asRecord(value))) {
    if (typeof v === 'string') out.set(key, v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.set(key, String(v));
  }
  return out;
}
