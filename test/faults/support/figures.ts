/** The figures a fault test prints, so that a regression shows in the log even while it passes. */

export const MiB = 1024 * 1024;

/** One line: `  [faults] <what>: peak 61.2 MiB, 1,234 ms, ...`. */
export function printFigures(what: string, figures: Record<string, string | number>): void {
  const parts = Object.entries(figures).map(([name, value]) => `${name} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`);
  console.log(`      [faults] ${what}: ${parts.join(', ')}`);
}

export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
