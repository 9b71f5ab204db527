// Bins for the latency histogram: about `target` bins of a "nice" width
// (1, 2 or 5 × 10^n ms) covering every value.

export interface Bins {
  starts: number[];
  counts: number[];
  width: number;
}

function niceWidth(span: number, target: number): number {
  const raw = Math.max(span / target, 0.1);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

export function binLatencies(values: (number | null)[], target = 20): Bins {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return { starts: [], counts: [], width: 0 };
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const width = niceWidth(max - min, target);
  const first = Math.floor(min / width) * width;
  const n = Math.max(1, Math.floor((max - first) / width) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const x of xs) counts[Math.min(n - 1, Math.floor((x - first) / width))]++;
  const starts = counts.map((_, i) => Number((first + i * width).toFixed(3)));
  return { starts, counts, width };
}
