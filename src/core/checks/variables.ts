/**
 * `${env:NAME}` in request values: read from the environment when a check file is loaded. The
 * values are remembered as secrets so that every report masks them (a token must never land in
 * a CI log, a JUnit file or a recording).
 */

const VARIABLE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** What replacing variables in one string gave. */
export type Substitution = { ok: true; text: string; used: string[] } | { ok: false; message: string };

/** Replaces every `${env:NAME}`; a variable that is not set is an error (a silent empty value would test the wrong thing). */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv): Substitution {
  const used: string[] = [];
  let missing: string | undefined;
  const replaced = text.replace(VARIABLE, (_match, name: string) => {
    const value = env[name];
    if (value === undefined) {
      missing ??= name;
      return '';
    }
    if (value !== '') used.push(value);
    return value;
  });
  if (missing !== undefined) {
    return { ok: false, message: `the environment variable ${missing} is not set (used as \${env:${missing}})` };
  }
  return { ok: true, text: replaced, used };
}

/** A `${env:` that does not form a variable: most likely a typo, better said than sent. */
export function hasMalformedVariable(text: string): boolean {
  return text.replace(VARIABLE, '').includes('${env:');
}

/** Masks every secret value in `text` (longest first, so one value inside another is still masked). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret !== '') out = out.split(secret).join('••••••');
  }
  return out;
}
