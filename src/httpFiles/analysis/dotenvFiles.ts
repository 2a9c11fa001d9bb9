/**
 * `{{$dotenv NAME}}` as REST Client reads it: `.env.<environment>` or `.env` in the .http file's
 * folder, else in each parent folder. Unlike REST Client, the search stops at the workspace
 * folder (or at the .http file's own folder when it is outside the workspace), so a request never
 * reads a .env file of some other project. Parsed with the `dotenv` package, as REST Client does.
 * Values read here are never written anywhere (see ./resolveRequest.ts).
 */
import { parse } from 'dotenv';
import { dirname, join, relative, isAbsolute } from 'node:path';
import type { Lookup } from './systemVariables';

/** Reads a file as text; undefined when it does not exist. */
export type ReadText = (path: string, encoding?: BufferEncoding) => string | undefined;

/** The folders to look in, nearest first: the file's folder up to `stopDir` (inclusive). */
export function dotenvFolders(httpFilePath: string, stopDir: string | undefined): string[] {
  const start = dirname(httpFilePath);
  if (!stopDir || !isInside(start, stopDir)) return [start];
  const folders: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    folders.push(dir);
    if (relative(dir, stopDir) === '' || dirname(dir) === dir) break;
  }
  return folders;
}

/**
 * A lookup of `$dotenv` names that reads and parses the .env file once, on first use (a request
 * that uses no `$dotenv` reads nothing).
 */
export function dotenvLookup(httpFilePath: string, stopDir: string | undefined, environmentName: string | undefined, read: ReadText): (name: string) => Lookup {
  let loaded: { path: string; values: Record<string, string> } | null | undefined;
  const load = () => {
    if (loaded !== undefined) return loaded;
    loaded = null;
    for (const dir of dotenvFolders(httpFilePath, stopDir)) {
      const names = environmentName ? [`.env.${environmentName}`, '.env'] : ['.env'];
      for (const name of names) {
        const text = read(join(dir, name));
        if (text !== undefined) {
          loaded = { path: join(dir, name), values: parse(text) };
          return loaded;
        }
      }
    }
    return loaded;
  };
  return (name) => {
    const file = load();
    if (!file) return { ok: false, message: `no .env file was found next to ${httpFilePath} (nor in a parent folder inside the workspace).` };
    if (!(name in file.values)) return { ok: false, message: `${file.path} does not define ${name}.` };
    return { ok: true, value: file.values[name] };
  };
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
