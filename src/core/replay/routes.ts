/**
 * Which path each served recording answers at: one recording at every path (or at `--path`),
 * several each at `/<file name without extension>` (below `--path` when given), made unique.
 */

/** Normalises a user's path: leading slash, no trailing slash (except `/` itself). */
export function normalisePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') || '/' : withSlash;
}

/** The route of each file, in order; undefined means every path. */
export function routesFor(files: readonly string[], path?: string): Array<string | undefined> {
  if (files.length === 1) return [path === undefined ? undefined : normalisePath(path)];
  const prefix = path === undefined ? '' : normalisePath(path).replace(/^\/$/, '');
  const used = new Set<string>();
  return files.map((file) => {
    const base = (file.split(/[\\/]/).pop() ?? file).replace(/\.(ndjson|jsonl|json)$/i, '');
    const slug = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'recording';
    let route = `${prefix}/${slug}`;
    for (let n = 2; used.has(route); n++) route = `${prefix}/${slug}-${n}`;
    used.add(route);
    return route;
  });
}
