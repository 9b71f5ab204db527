// Number and time formats shared by the tabs. A missing value is an en dash.

export const kNone = '–';

// 1 → "1 drop", 3 → "3 drops".
export function count(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
}

// Milliseconds with at most three significant digits: 0.05 on a LAN, 23.4, 215.
export function msNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return kNone;
  return value.toFixed(Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0);
}

export function ms(value: number | null | undefined): string {
  const text = msNumber(value);
  return text === kNone ? text : `${text} ms`;
}

export function pct(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? kNone : `${value.toFixed(digits)} %`;
}

// 0.4 → "0.4 s", 75 → "1 min 15 s", 7260 → "2 h 1 min".
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return kNone;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${s % 60} s`;
}

// ISO 8601 → local "2024-05-01 14:03:07".
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return kNone;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

export function clockTime(date: Date): string {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// UTC offset in minutes → "UTC", "UTC+05:30", "UTC−03:00".
export function utcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
