/**
 * Plain-text tables for summaries (no box drawing: it must read well in a log).
 *
 * @module
 */

/**
 * Formats rows as left-aligned columns separated by two spaces, with a header line. Cells are
 * made single-line; with `maxWidth`, longer cells are cut with `…` (without it, nothing is cut —
 * see `outTable`, which cuts only on a terminal).
 *
 * @example
 * formatTable(['name', 'status'], [['docs', 'healthy']]);
 * // 'name  status\ndocs  healthy'
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], maxWidth?: number): string {
  const clean = (cell: string): string => {
    const flat = cell.replace(/\s+/g, ' ').trim();
    return maxWidth !== undefined && flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const all = [header.map(clean), ...rows.map((r) => r.map(clean))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}
