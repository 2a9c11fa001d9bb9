/**
 * The argument the "Inspect stream" CodeLens passes to the `sseInspector.inspectRoute` command.
 * Pure, so the command handler (src/commands.ts) can import the type and the guard.
 */

/** What to connect to. */
export interface InspectRouteArgs {
  /** Base URL + global prefix + controller path + handler path. */
  url: string;
  /** GET, or the method in `@Sse(path, { method: RequestMethod.POST })`. */
  method: string;
  /**
   * True when the URL needs a look before connecting: a path was not a string literal, or it
   * has route parameters such as `:id` to fill in.
   */
  needsReview: boolean;
}

/** Narrows a command argument (commands receive `unknown`) to `InspectRouteArgs`. */
export function isInspectRouteArgs(value: unknown): value is InspectRouteArgs {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof InspectRouteArgs, unknown>>;
  return typeof candidate.url === 'string' && typeof candidate.method === 'string' && typeof candidate.needsReview === 'boolean';
}
