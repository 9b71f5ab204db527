// Overview: health score and grade, uptime, loss, latency statistics, trend,
// diagnosis, uplinks, the current drop, the latency chart and histogram (15 minutes).
import { getJson, type History, type Status, type Uplink } from '../api';
import { Chart, histogramChart, latencyChart, unixSeconds } from '../chart';
import { h, replaceChildren } from '../dom';
import * as fmt from '../format';
import { binLatencies, type Bins } from '../histogram';
import type { RefreshContext, Tab } from './tab';

const kChartHeight = () => (window.innerWidth < 600 ? 180 : 240);

// [field, title, value] for the statistic cards.
function cards(s: Status): [string, string, string][] {
  return [
    ['uptime_pct', 'Uptime', fmt.pct(s.uptime_pct)],
    ['packet_loss_pct', 'Packet loss', fmt.pct(s.packet_loss_pct)],
    ['avg_latency', 'Avg latency', fmt.ms(s.avg_latency)],
    ['min_latency', 'Min latency', fmt.ms(s.min_latency)],
    ['max_latency', 'Max latency', fmt.ms(s.max_latency)],
    ['jitter', 'Jitter', fmt.ms(s.jitter)],
    ['trend', 'Trend', s.trend_label === 'collecting' ? 'collecting…' : s.trend],
    ['total_pings', 'Pings', s.total_pings.toLocaleString()],
  ];
}

export function gradeClass(grade: string): string {
  const letter = grade.charAt(0);
  return letter === 'A' ? 'good' : letter === 'B' || letter === 'C' ? 'warn' : 'bad';
}

export class OverviewTab implements Tab {
  readonly id = 'overview';
  readonly title = 'Overview';
  private banner = h('div', { class: 'drop-banner', role: 'status', hidden: true });
  private health = h('div', { class: 'card health' }, h('p', { class: 'notice loading' }, 'Loading…'));
  private stats = h('div', { class: 'stats' });
  private diagnosis = h('div', { class: 'card diagnosis' });
  private uplinks = h('div', { class: 'card uplinks', hidden: true });
  private latency: Chart | null = null;
  private histogram: Chart | null = null;
  private bins: Bins | null = null;

  mount(panel: HTMLElement): void {
    const latencyHost = h('div', { 'data-chart': 'overview-latency' });
    const histogramHost = h('div', { 'data-chart': 'overview-histogram' });
    replaceChildren(
      panel,
      this.banner,
      h('div', { class: 'overview-top' }, this.health, this.stats),
      this.diagnosis,
      this.uplinks,
      h('div', { class: 'card' }, h('h2', {}, 'Latency, last 15 minutes'), latencyHost),
      h('div', { class: 'card' }, h('h2', {}, 'Latency distribution, last 15 minutes'), histogramHost),
    );
    this.latency = latencyChart(latencyHost, kChartHeight, false);
    this.histogram = histogramChart(histogramHost, kChartHeight, () => {
      const b = this.bins;
      return b && b.starts.length > 0 ? [b.starts[0], b.starts[b.starts.length - 1] + b.width] : null;
    });
  }

  async refresh({ status, signal }: RefreshContext): Promise<void> {
    this.renderStatus(status);
    const history = await getJson<History>('api/history?minutes=15', signal);
    this.latency?.setData(unixSeconds(history.timestamps), [history.latencies, history.gateway_latencies]);
    this.bins = binLatencies(history.latencies);
    this.histogram?.setData(this.bins.starts, [this.bins.counts]);
  }

  private renderStatus(s: Status): void {
    const drop = s.current_drop;
    this.banner.hidden = !drop;
    if (drop) {
      replaceChildren(
        this.banner,
        h('strong', {}, 'Connection down'),
        ` since ${fmt.dateTime(drop.start)} (${fmt.duration(drop.duration_sec)}): ${drop.diagnosis}`,
      );
    }
    replaceChildren(
      this.health,
      h('h2', {}, 'Health'),
      h('div', { class: 'score' }, h('span', { 'data-field': 'health_score' }, String(s.health_score)), h('small', {}, '/100')),
      h('span', { class: `grade ${gradeClass(s.health_grade)}`, 'data-field': 'health_grade' }, s.health_grade),
    );
    replaceChildren(
      this.stats,
      ...cards(s).map(([field, title, value]) =>
        h('div', { class: 'card stat' }, h('h3', {}, title), h('div', { class: 'value', 'data-field': field }, value)),
      ),
    );
    this.renderUplinks(s.uplinks ?? []);
    replaceChildren(
      this.diagnosis,
      h('h2', {}, 'Diagnosis'),
      h('p', { class: `diag diag-${s.diagnosis_code}`, 'data-field': 'diagnosis' }, s.diagnosis),
      s.diagnosis_detail ? h('p', { class: 'detail' }, s.diagnosis_detail) : null,
      h('p', { class: 'detail' }, `Session ${s.session_duration}, ${fmt.count(s.drops_count, 'drop')} recorded.`),
    );
  }

  // One row per uplink: state badge, evidence counts, the reason in words.
  private renderUplinks(uplinks: Uplink[]): void {
    this.uplinks.hidden = uplinks.length === 0;
    const okOf = (checks: { ok: boolean }[]) => `${checks.filter((c) => c.ok).length}/${checks.length}`;
    replaceChildren(
      this.uplinks,
      h('h2', {}, 'Uplinks'),
      h(
        'ul',
        { class: 'uplink-list' },
        ...uplinks.map((u) =>
          h(
            'li',
            { 'data-uplink': u.name },
            h('span', { class: `badge state-${u.state}`, 'data-field': 'state' }, u.state_label),
            h('strong', {}, u.name),
            h(
              'span',
              { class: 'detail' },
              [
                u.iface ? `${u.iface} ${u.iface_state}` : null,
                u.gw_ping ? `gateway ${u.gw_ping.ok ? 'ok' : 'silent'}` : null,
                u.ping.length ? `ping ${okOf(u.ping)}` : null,
                u.http.length ? `http ${okOf(u.http)}` : null,
                u.avg_ms !== null ? fmt.ms(u.avg_ms) : null,
              ]
                .filter((x) => x !== null)
                .join(' · '),
            ),
            h('p', { class: 'detail' }, u.state_reason_text),
          ),
        ),
      ),
    );
  }
}
