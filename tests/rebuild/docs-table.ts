/** How docs/disaster-recovery.md writes a figure of the duration table: `45 s`, `3 min`, `1 min 30 s`. */
export function durationCell(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
}
