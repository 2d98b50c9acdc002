/** One CSV cell; formula-looking text is prefixed so spreadsheets do not execute it. */
export function csvCell(v: string): string {
  const guarded = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(guarded) || guarded !== v ? `"${guarded.replace(/"/g, '""')}"` : v;
}

export function csv(rows: string[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
