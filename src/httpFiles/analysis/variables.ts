/**
 * `{{variable}}` substitution as REST Client does it, with a record of where each value came
 * from: a header whose value used `$dotenv` or `$processEnv` is treated as a secret, and a value
 * from a `.env` file may only go where secrets are masked (see ./resolveRequest.ts).
 *
 * Precedence (REST Client): file variables over environment variables. Variables may refer to
 * other variables (`@host = {{hostname}}:{{port}}`); a loop is an error naming the chain.
 * `{{%name}}` percent-encodes the value. Nothing here throws: problems are collected, so the
 * user sees every unresolved variable at once, before anything is sent.
 */
import type { SystemVariables } from './systemVariables';

/** Where custom variables come from. Values are raw: they may contain `{{…}}` themselves. */
export interface VariableScope {
  /** `@name = value` lines of the .http file (the last definition of a name wins). */
  fileVariables: ReadonlyMap<string, string>;
  /** `rest-client.environmentVariables`: `$shared` merged with the selected environment. */
  environment: ReadonlyMap<string, string>;
  /** The `$shared` environment alone, for `{{$shared name}}`. */
  shared: ReadonlyMap<string, string>;
  /** The selected environment's name, for messages (undefined: none selected). */
  environmentName?: string;
  system: SystemVariables;
}

/** A resolved piece of text and the sensitive sources it used. */
export interface ResolvedText {
  value: string;
  /** `$dotenv` names used (directly or through other variables). */
  dotenv: string[];
  /** `$processEnv` names used (directly or through other variables). */
  processEnv: string[];
}

const REFERENCE = /\{\{(.+?)\}\}/g;

interface Memo {
  value: string;
  dotenv: Set<string>;
  processEnv: Set<string>;
}

/**
 * Resolves templates against one scope. Custom variables are resolved once per resolver, so a
 * `{{$guid}}` inside a file variable gives one value for the whole request.
 */
export class VariableResolver {
  private readonly memo = new Map<string, Memo>();
  private readonly stack: string[] = [];
  /** Every problem found so far, one sentence each, without duplicates. */
  readonly errors: string[] = [];

  constructor(private readonly scope: VariableScope) {}

  resolve(text: string): ResolvedText {
    const found = this.expand(text);
    return { value: found.value, dotenv: [...found.dotenv], processEnv: [...found.processEnv] };
  }

  private expand(text: string): Memo {
    const out: Memo = { value: '', dotenv: new Set(), processEnv: new Set() };
    let last = 0;
    for (const match of text.matchAll(REFERENCE)) {
      out.value += text.slice(last, match.index);
      last = match.index + match[0].length;
      const piece = this.reference(match[1].trim(), match[0]);
      out.value += piece.value;
      piece.dotenv.forEach((n) => out.dotenv.add(n));
      piece.processEnv.forEach((n) => out.processEnv.add(n));
    }
    out.value += text.slice(last);
    return out;
  }

  private reference(name: string, written: string): Memo {
    if (name.startsWith('$')) return this.system(name, written);
    if (name.startsWith('%')) {
      const inner = this.custom(name.slice(1).trim(), written);
      return { ...inner, value: encodeURIComponent(inner.value) };
    }
    return this.custom(name, written);
  }

  private custom(name: string, written: string): Memo {
    const cached = this.memo.get(name);
    if (cached) return cached;
    if (this.stack.includes(name)) {
      this.fail(`The variables ${[...this.stack.slice(this.stack.indexOf(name)), name].join(' → ')} refer to each other in a loop.`);
      return empty(written);
    }
    const raw = this.scope.fileVariables.get(name) ?? this.scope.environment.get(name);
    if (raw === undefined) {
      this.fail(undefinedMessage(name, written, this.scope.environmentName));
      return empty(written);
    }
    this.stack.push(name);
    const resolved = this.expand(raw);
    this.stack.pop();
    this.memo.set(name, resolved);
    return resolved;
  }

  private system(name: string, written: string): Memo {
    const [variable, ...args] = name.split(/\s+/);
    const percent = args[0]?.startsWith('%') === true;
    const key = percent ? args[0].slice(1) : args[0];
    /** `{{$processEnv %name}}`: the name is itself an environment (settings) variable. */
    const indirect = (): string | undefined => {
      if (!percent) return key;
      const value = this.scope.environment.get(key ?? '');
      if (value === undefined) this.fail(`${written}: "${key}" is not defined in rest-client.environmentVariables ("%" looks the name up there).`);
      return value;
    };
    switch (variable) {
      case '$shared': {
        const value = key === undefined ? undefined : this.scope.shared.get(key);
        if (value === undefined) {
          this.fail(`${written}: "${key ?? ''}" is not defined in the "$shared" environment of rest-client.environmentVariables.`);
          return empty(written);
        }
        return this.expand(value);
      }
      case '$processEnv': {
        const envName = indirect();
        if (envName === undefined) return empty(written);
        if (!envName) return this.bad(written, 'write it as {{$processEnv NAME}}');
        const value = this.scope.system.processEnv(envName);
        if (value === undefined) {
          this.fail(`${written}: the environment variable ${envName} is not set in the environment VS Code was started from.`);
          return empty(written);
        }
        return { value, dotenv: new Set(), processEnv: new Set([envName]) };
      }
      case '$dotenv': {
        const envName = indirect();
        if (envName === undefined) return empty(written);
        if (!envName) return this.bad(written, 'write it as {{$dotenv NAME}}');
        const lookup = this.scope.system.dotenv(envName);
        if (!lookup.ok) {
          this.fail(`${written}: ${lookup.message}`);
          return empty(written);
        }
        return { value: lookup.value, dotenv: new Set([envName]), processEnv: new Set() };
      }
      default: {
        const value = this.scope.system.dynamic(variable, args);
        if (value.ok) return { value: value.value, dotenv: new Set(), processEnv: new Set() };
        this.fail(`${written}: ${value.message}`);
        return empty(written);
      }
    }
  }

  private bad(written: string, how: string): Memo {
    this.fail(`${written} is incomplete: ${how}.`);
    return empty(written);
  }

  private fail(message: string): void {
    if (!this.errors.includes(message)) this.errors.push(message);
  }
}

function empty(written: string): Memo {
  return { value: written, dotenv: new Set(), processEnv: new Set() };
}

function undefinedMessage(name: string, written: string, environmentName: string | undefined): string {
  if (/\.(?:response|request)\./.test(name)) {
    return `${written} refers to another request's response (a REST Client request variable); SSE Inspector sends only this request: put the value in a variable (@name = value) instead.`;
  }
  const where = environmentName
    ? `the "$shared" or "${environmentName}" environment of rest-client.environmentVariables`
    : 'the "$shared" environment of rest-client.environmentVariables';
  return `${written} is not defined: add "@${name} = value" to the file, or define "${name}" in ${where}.`;
}
