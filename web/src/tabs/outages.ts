// Outages: the Hermes outage monitor's state and last round (one row per
// resolver probed), its recorded outage events with their evidence, and where
// alerts go.
import { getJson, type AlertSettingsView, type OutageEvent, type OutagePage, type OutageProbe, type OutageStatus } from '../api';
import { h, notice, replaceChildren, table } from '../dom';
import * as fmt from '../format';
import type { RefreshContext, Tab } from './tab';

const kPageSize = 50;

// "down" is an outage; "suspect" a failed round not yet confirmed.
function stateBadge(s: OutageStatus): HTMLElement {
  const state = s.state ?? 'unknown';
  const cls = state === 'up' ? 'good' : state === 'suspect' ? 'warn' : 'bad';
  return h('span', { class: `badge ${cls}`, 'data-field': 'outage_state' }, state.toUpperCase());
}

function probeRow(p: OutageProbe): { cells: (string | Node)[] } {
  const result =
    p.ok === null
      ? h('span', { class: 'badge' }, 'not yet')
      : h('span', { class: `badge ${p.ok ? 'good' : 'bad'}` }, p.ok ? 'connected' : 'failed');
  return { cells: [p.target, result, p.ok ? fmt.ms(p.rtt_ms) : (p.error ?? fmt.kNone)] };
}

// "2 of 3 failed", with every probe in the tooltip.
function probeSummary(text: string): HTMLElement {
  let results: Record<string, boolean> = {};
  try {
    results = JSON.parse(text) as Record<string, boolean>;
  } catch {
    return h('span', {}, fmt.kNone);
  }
  const entries = Object.entries(results);
  const failed = entries.filter(([, ok]) => !ok).length;
  const title = entries.map(([target, ok]) => `${target}: ${ok ? 'connected' : 'failed'}`).join('\n');
  return h('span', { title }, `${failed} of ${entries.length} failed`);
}

function network(e: OutageEvent): string {
  const parts = [e.isp_name, e.asn].filter((x): x is string => Boolean(x));
  const bgp = e.bgp_unstable === null ? '' : e.bgp_unstable ? 'BGP unstable' : 'BGP stable';
  return [parts.join(' '), bgp, e.cloudflare_outage_desc ?? ''].filter(Boolean).join(' · ') || fmt.kNone;
}

function alertsLine(a: AlertSettingsView): string {
  if (!a.enabled) return 'Alerts are off.';
  const providers = Object.entries(a.providers)
    .filter(([, p]) => p.enabled)
    .map(([name]) => name);
  if (providers.length === 0) return 'Alerts: no provider is enabled (PUT /api/alerts or [alerts] in the config file).';
  const kinds = [a.on_outages && 'outages', a.on_drops && 'drops', a.on_uplink_changes && 'uplink changes'].filter(Boolean);
  return `Alerts to ${providers.join(', ')} on ${kinds.join(', ') || 'speed tests only'}; ${a.cooldown_minutes} min cooldown per kind.`;
}

export class OutagesTab implements Tab {
  readonly id = 'outages';
  readonly title = 'Outages';
  private panel: HTMLElement | null = null;

  mount(panel: HTMLElement): void {
    this.panel = panel;
    replaceChildren(panel, notice('Loading outages…', 'loading'));
  }

  async refresh({ signal }: RefreshContext): Promise<void> {
    const [status, page, alerts] = await Promise.all([
      getJson<OutageStatus>('api/outage-status', signal),
      getJson<OutagePage>(`api/outages?page_size=${kPageSize}`, signal),
      getJson<AlertSettingsView>('api/alerts', signal),
    ]);
    if (!this.panel) return;
    replaceChildren(
      this.panel,
      this.monitor(status),
      this.events(page, status),
      h('p', { class: 'summary-line', 'data-field': 'alerts' }, alertsLine(alerts)),
    );
  }

  private monitor(s: OutageStatus): HTMLElement {
    if (!s.enabled) {
      return notice('The outage monitor is off (outages.enabled in the config file).');
    }
    const since = s.outage_in_progress ? ` since ${fmt.dateTime(s.outage_start_time)}` : '';
    const every = s.interval_seconds ? `, a round every ${s.interval_seconds} s` : '';
    return h(
      'div',
      { class: 'outage-monitor' },
      h(
        'p',
        { class: 'summary-line' },
        'Outage monitor: ',
        stateBadge(s),
        `${since}; last round ${fmt.dateTime(s.last_round_at)}${every}.`,
      ),
      table('outage-probes', [{ title: 'Probe' }, { title: 'Last round' }, { title: 'Connect time or error' }], s.targets.map(probeRow)),
    );
  }

  private events(page: OutagePage, s: OutageStatus): HTMLElement {
    if (page.events.length === 0) return notice('No outages recorded.');
    const newestStart = page.events.find((e) => e.event_type === 'outage_start');
    const rows = page.events.map((e) => {
      const start = e.event_type === 'outage_start';
      const ongoing = start && s.outage_in_progress && e === newestStart;
      return {
        rowClass: ongoing ? 'ongoing' : undefined,
        cells: [
          fmt.dateTime(e.timestamp),
          h('span', { class: `badge ${start ? 'bad' : 'good'}` }, ongoing ? 'ongoing' : start ? 'outage start' : 'outage end'),
          fmt.duration(e.duration_seconds),
          probeSummary(e.probe_results),
          [e.uplink, e.diagnosis].filter(Boolean).join(': ') || fmt.kNone,
          network(e),
        ],
      };
    });
    const shown = page.total > page.events.length ? ` (the newest ${page.events.length} shown)` : '';
    return h(
      'div',
      {},
      h('p', { class: 'summary-line' }, `${fmt.count(page.total, 'outage event')}${shown}.`),
      table(
        'outages',
        [
          { title: 'Time' },
          { title: 'Event' },
          { title: 'Duration', numeric: true },
          { title: 'Probes' },
          { title: 'Uplink and diagnosis' },
          { title: 'Network' },
        ],
        rows,
      ),
    );
  }
}
