/** Human summaries of a backup, for the CLIs and Settings. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "rows: 3 Incident, 1,200 TimelineEvent, …" (every table, in file order). */
export function describeRows(rows: Record<string, number>): string {
  return `rows: ${Object.entries(rows)
    .map(([table, n]) => `${n.toLocaleString("en-US")} ${table}`)
    .join(", ")}`;
}
