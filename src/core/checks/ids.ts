/** Event ids compared the way people read them. */

const isNumeric = (id: string) => /^-?\d+(\.\d+)?$/.test(id);

/** Orders two ids: as numbers when both are, else as strings. */
export function compareIds(a: string, b: string): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
