/**
 * Connection profiles as settings.json holds them, and the pure rules around them: what makes
 * a profile unusable, and turning a profile into request options and back. No `vscode`: tested
 * in plain Node. Secret header VALUES never live here: only their names; the values come from
 * SecretStorage. Which headers are secret is core/secretHeaders.ts's rule, applied here too.
 */
import type { ReconnectPolicy, SseClientOptions } from '../core/clientOptions';
import { isLlmFormat, LLM_FORMATS } from '../core/llm/readers';
import { splitSecretHeaders } from '../core/secretHeaders';

/** How to reconnect after a network error or the end of the stream. */
export interface ReconnectSettings {
  /**
   * `server` (default): the spec's behaviour, the server's `retry` or the default delay.
   * `fixed`: always `delayMs`. `exponential`: `initialDelayMs` doubling (or `factor`) up to
   * `maxDelayMs`. `never`: stop at the end of the stream or on an error.
   */
  mode?: 'server' | 'fixed' | 'exponential' | 'never';
  delayMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** Give up after this many reconnect attempts in a row without an open stream. */
  maxAttempts?: number;
}

/** One entry of the `sseInspector.profiles` setting. */
export interface ConnectionProfile {
  name: string;
  url: string;
  method?: string;
  /** Headers whose values are fine to keep in settings.json. */
  headers?: Record<string, string>;
  /** Names of headers whose values are kept in SecretStorage (asked for when missing). */
  secretHeaders?: string[];
  body?: string;
  lastEventId?: string;
  reconnect?: ReconnectSettings;
  connectTimeoutSeconds?: number;
  idleTimeoutSeconds?: number;
  /** Skip TLS certificate checks (local dev servers with self-signed certificates). */
  insecureTls?: boolean;
  /** How the panel reads LLM streams: `auto` (detect, the default), `off`, or a format name. */
  llmFormat?: string;
}

/** Problems that make a profile unusable, in words a person can fix in settings.json. */
export function profileProblems(profile: Partial<ConnectionProfile>): string[] {
  const problems: string[] = [];
  if (!profile.name || typeof profile.name !== 'string') problems.push('it has no "name"');
  if (!profile.url || typeof profile.url !== 'string') problems.push('it has no "url"');
  const mode = profile.reconnect?.mode;
  if (mode !== undefined && !['server', 'fixed', 'exponential', 'never'].includes(mode)) {
    problems.push(`reconnect.mode "${mode}" is not one of server, fixed, exponential, never`);
  }
  const llm = profile.llmFormat;
  if (llm !== undefined && llm !== 'auto' && llm !== 'off' && !isLlmFormat(llm)) {
    problems.push(`llmFormat "${String(llm)}" is not one of auto, off, ${LLM_FORMATS.join(', ')}`);
  }
  return problems;
}

/** Defaults from the extension's settings that a profile may leave out. */
export interface ProfileDefaults {
  retryMs: number;
  maxEventBytes: number;
}

/**
 * The client options a profile stands for, with its secret header values filled in. The
 * secret names go along so every `connecting` record shows them masked.
 */
export function profileToOptions(
  profile: ConnectionProfile,
  secretValues: Record<string, string>,
  defaults: ProfileDefaults,
): SseClientOptions {
  const reconnect = profile.reconnect ?? {};
  const mode = reconnect.mode ?? 'server';
  const maxAttempts = reconnect.maxAttempts;
  let reconnectPolicy: ReconnectPolicy;
  if (mode === 'fixed') {
    reconnectPolicy = { kind: 'fixed', delayMs: reconnect.delayMs ?? defaults.retryMs, maxAttempts };
  } else if (mode === 'exponential') {
    const initialMs = reconnect.initialDelayMs ?? 1000;
    reconnectPolicy = { kind: 'exponential', initialMs, maxMs: reconnect.maxDelayMs ?? 30_000, factor: reconnect.factor, maxAttempts };
  } else {
    reconnectPolicy = { kind: 'server', maxAttempts };
  }
  const seconds = (value: number | undefined) => (value !== undefined && value > 0 ? Math.round(value * 1000) : undefined);
  return {
    url: profile.url,
    method: profile.method ?? 'GET',
    headers: { ...(profile.headers ?? {}), ...secretValues },
    body: profile.body,
    lastEventId: profile.lastEventId,
    reconnect: mode !== 'never',
    retryMs: defaults.retryMs,
    reconnectPolicy,
    maxEventBytes: defaults.maxEventBytes,
    connectTimeoutMs: seconds(profile.connectTimeoutSeconds),
    idleTimeoutMs: seconds(profile.idleTimeoutSeconds),
    insecureTls: profile.insecureTls === true,
    secretHeaders: [...(profile.secretHeaders ?? []), ...Object.keys(secretValues)],
  };
}

/**
 * The profile that saves a connection: plain headers stay, secret ones (marked, or named like
 * credentials) become names only. Their values are returned apart, for SecretStorage.
 * `llmFormat` is the panel's Message format choice: kept unless it is `auto` (the default), so
 * a format the user forced in the panel is forced again when the profile connects.
 */
export function optionsToProfile(
  name: string,
  options: SseClientOptions,
  llmFormat?: string,
): { profile: ConnectionProfile; secretValues: Record<string, string> } {
  const { plain, secrets } = splitSecretHeaders(options.headers ?? {}, options.secretHeaders);
  const policy = options.reconnectPolicy;
  let reconnect: ReconnectSettings | undefined;
  if (options.reconnect === false) reconnect = { mode: 'never' };
  else if (policy?.kind === 'fixed') reconnect = { mode: 'fixed', delayMs: policy.delayMs, maxAttempts: policy.maxAttempts };
  else if (policy?.kind === 'exponential') {
    reconnect = { mode: 'exponential', initialDelayMs: policy.initialMs, maxDelayMs: policy.maxMs, factor: policy.factor, maxAttempts: policy.maxAttempts };
  } else if (policy?.maxAttempts !== undefined) reconnect = { mode: 'server', maxAttempts: policy.maxAttempts };
  const profile: ConnectionProfile = { name, url: options.url };
  if (options.method && options.method.toUpperCase() !== 'GET') profile.method = options.method.toUpperCase();
  if (Object.keys(plain).length > 0) profile.headers = plain;
  if (Object.keys(secrets).length > 0) profile.secretHeaders = Object.keys(secrets);
  if (typeof options.body === 'string') profile.body = options.body;
  if (options.lastEventId) profile.lastEventId = options.lastEventId;
  if (reconnect) profile.reconnect = JSON.parse(JSON.stringify(reconnect)) as ReconnectSettings; // drops undefined fields
  if (options.connectTimeoutMs) profile.connectTimeoutSeconds = options.connectTimeoutMs / 1000;
  if (options.idleTimeoutMs) profile.idleTimeoutSeconds = options.idleTimeoutMs / 1000;
  if (options.insecureTls) profile.insecureTls = true;
  if (llmFormat !== undefined && llmFormat !== 'auto') profile.llmFormat = llmFormat;
  return { profile, secretValues: secrets };
}
