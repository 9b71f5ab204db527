// The daemon's JSON API as the dashboard reads it (docs: README "API").
// Relative URLs, so the dashboard also works behind a reverse proxy path.

export interface DropEvent {
  start: string;
  end: string | null;
  duration_sec: number | null;
  diagnosis: string;
  diagnosis_code: string;
  detail: string;
  ongoing: boolean;
}

export interface UplinkCheck {
  ok: boolean;
  error: string | null;
}

// isp-status: one path to the internet (README "Uplinks").
export interface Uplink {
  name: string;
  state: number; // 2 UP, 1 DEGRADED, 0 DOWN
  state_label: string;
  state_reason: string;
  state_reason_text: string;
  iface: string | null;
  iface_state: string;
  gw_ping: (UplinkCheck & { rtt_ms: number | null }) | null;
  ping: (UplinkCheck & { target: string; rtt_ms: number | null })[];
  http: (UplinkCheck & { url: string; ms: number | null })[];
  avg_ms: number | null;
  loss_pct: number | null;
}

export interface Status {
  health_score: number;
  health_grade: string;
  uptime_pct: number | null;
  packet_loss_pct: number | null;
  avg_latency: number | null;
  min_latency: number | null;
  max_latency: number | null;
  jitter: number | null;
  p95: number | null;
  trend: string;
  trend_label: string;
  total_pings: number;
  diagnosis: string;
  diagnosis_code: string;
  diagnosis_detail: string;
  is_down: boolean;
  current_drop: DropEvent | null;
  drops_count: number;
  session_duration: string;
  window_sec: number;
  gateway: string | null;
  generated_at: string;
  uplinks?: Uplink[];
}

export interface History {
  timestamps: string[];
  latencies: (number | null)[];
  gateway_latencies: (number | null)[];
  step_sec: number;
  minutes: number;
}

export interface TargetRow {
  target: string;
  name: string;
  kind: string;
  role: string;
  loss_pct: number | null;
  avg_ms: number | null;
  min_ms: number | null;
  max_ms: number | null;
  jitter_ms: number | null;
  p95_ms: number | null;
  total_pings: number;
}

export interface HeatCell {
  avg: number | null;
  min: number | null;
  max: number | null;
  count: number;
  lost: number;
}

export interface Heatmap {
  hours: Record<string, number | null>;
  detail: Record<string, HeatCell>;
  timezone: string;
  utc_offset_minutes: number;
}

// Hermes outage detection (README "Outages"): TCP rounds to a few resolvers.
export interface OutageProbe {
  target: string;
  ok: boolean | null; // null: not probed yet
  rtt_ms: number | null;
  error: string | null;
}

export interface OutageStatus {
  enabled: boolean;
  outage_in_progress: boolean;
  outage_start_time: string | null;
  state: string | null; // "up", "suspect", "down"
  consecutive_failed_rounds: number;
  rounds?: number;
  last_round_at: string | null;
  interval_seconds: number | null;
  targets: OutageProbe[];
}

export interface OutageEvent {
  id: number;
  event_type: string; // "outage_start" | "outage_end"
  timestamp: string;
  duration_seconds: number | null;
  isp_name: string | null;
  asn: string | null;
  bgp_unstable: boolean | null;
  cloudflare_outage_desc: string | null;
  probe_results: string; // Hermes: a JSON object as a string, target -> connected
  uplink: string;
  diagnosis: string;
  diagnosis_code: string;
}

export interface OutagePage {
  events: OutageEvent[];
  total: number;
}

export interface AlertSettingsView {
  enabled: boolean;
  cooldown_minutes: number;
  on_drops: boolean;
  on_outages: boolean;
  on_uplink_changes: boolean;
  providers: Record<string, { enabled: boolean }>;
}

const kTimeoutMs = 5000;

export class ApiError extends Error {}

// GET `path` (relative, e.g. "api/status") as JSON; throws ApiError with a
// message a person can act on.
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), kTimeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    let response: Response;
    try {
      response = await fetch(path, { signal: timeout.signal, headers: { Accept: 'application/json' } });
    } catch {
      if (signal?.aborted) throw new ApiError(`${path}: cancelled`);
      throw new ApiError(`${path}: no answer from the daemon`);
    }
    if (!response.ok) {
      let detail = response.statusText;
      try {
        detail = ((await response.json()) as { detail?: string }).detail ?? detail;
      } catch {
        // not JSON: keep the status text
      }
      throw new ApiError(`${path}: HTTP ${response.status} ${detail}`);
    }
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(`${path}: the answer is not JSON`);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
