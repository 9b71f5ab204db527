// Graph: full-width latency over time with the gateway overlaid, a range
// picker (15 min to 7 days) and drag-to-zoom (double-click or the button resets).
import { getJson, type History } from '../api';
import { Chart, latencyChart, unixSeconds } from '../chart';
import { h, replaceChildren } from '../dom';
import * as fmt from '../format';
import type { RefreshContext, Tab } from './tab';

const kRanges: [number, string][] = [
  [15, '15 min'],
  [60, '1 h'],
  [1440, '24 h'],
  [10080, '7 d'],
];

export class GraphTab implements Tab {
  readonly id = 'graph';
  readonly title = 'Graph';
  private minutes = 15;
  private chart: Chart | null = null;
  private caption = h('p', { class: 'caption' });
  private buttons: HTMLButtonElement[] = [];
  private reset = h('button', { type: 'button', class: 'reset', disabled: true }, 'Reset zoom');
  private onChange: () => void = () => {};

  // Called when the range changes so main.ts can refresh at once.
  setOnChange(callback: () => void): void {
    this.onChange = callback;
  }

  mount(panel: HTMLElement): void {
    this.buttons = kRanges.map(([minutes, label]) => {
      const b = h('button', { type: 'button', 'data-minutes': minutes, 'aria-pressed': minutes === this.minutes }, label);
      b.addEventListener('click', () => this.select(minutes));
      return b;
    });
    this.reset.addEventListener('click', () => {
      this.chart?.resetZoom();
      this.reset.disabled = true;
    });
    const host = h('div', { 'data-chart': 'graph-latency' });
    host.addEventListener('mouseup', () => setTimeout(() => (this.reset.disabled = !this.chart?.isZoomed)));
    replaceChildren(
      panel,
      h(
        'div',
        { class: 'card' },
        h('div', { class: 'toolbar' }, h('div', { class: 'range', role: 'group', 'aria-label': 'Range' }, ...this.buttons), this.reset),
        host,
        this.caption,
      ),
    );
    this.chart = latencyChart(host, () => Math.max(240, Math.min(520, window.innerHeight - 260)), true);
  }

  async refresh({ signal }: RefreshContext): Promise<void> {
    const history = await getJson<History>(`api/history?minutes=${this.minutes}`, signal);
    this.chart?.setData(unixSeconds(history.timestamps), [history.latencies, history.gateway_latencies]);
    const known = history.latencies.filter((v) => v !== null).length;
    this.caption.textContent =
      `${known} of ${history.timestamps.length} points with data, one point per ` +
      `${fmt.duration(history.step_sec)}. Drag across the chart to zoom.`;
  }

  private select(minutes: number): void {
    this.minutes = minutes;
    for (const b of this.buttons) b.setAttribute('aria-pressed', String(b.dataset.minutes === String(minutes)));
    this.chart?.resetZoom();
    this.reset.disabled = true;
    this.onChange();
  }
}
