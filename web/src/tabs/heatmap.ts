// Heatmap: average latency per hour of day over the last 24 hours, one cell
// per hour in the daemon's time zone (general.timezone), with a legend.
import { getJson, type HeatCell, type Heatmap } from '../api';
import { h, replaceChildren } from '../dom';
import * as fmt from '../format';
import type { RefreshContext, Tab } from './tab';

const kGoodMs = 30;
const kWarnMs = 60;

export function latencyClass(avg: number | null): string {
  if (avg === null) return 'none';
  return avg < kGoodMs ? 'good' : avg < kWarnMs ? 'warn' : 'bad';
}

function cellTitle(hour: number, c: HeatCell | undefined): string {
  const label = `${String(hour).padStart(2, '0')}:00–${String(hour).padStart(2, '0')}:59`;
  if (!c || c.avg === null) return `${label}: no data${c && c.lost ? `, ${c.lost} lost` : ''}`;
  return `${label}: avg ${fmt.ms(c.avg)}, min ${fmt.ms(c.min)}, max ${fmt.ms(c.max)}, ${c.count} probes, ${c.lost} lost`;
}

export class HeatmapTab implements Tab {
  readonly id = 'heatmap';
  readonly title = 'Heatmap';
  private grid = h('div', { class: 'heat-grid' });
  private caption = h('p', { class: 'caption' }, 'Loading heatmap…');

  mount(panel: HTMLElement): void {
    const swatch = (cls: string, text: string) => h('span', { class: 'legend-item' }, h('i', { class: `swatch ${cls}` }), text);
    replaceChildren(
      panel,
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Average latency by hour of day, last 24 hours'),
        this.grid,
        h(
          'div',
          { class: 'legend' },
          swatch('good', `< ${kGoodMs} ms`),
          swatch('warn', `${kGoodMs}–${kWarnMs} ms`),
          swatch('bad', `≥ ${kWarnMs} ms`),
          swatch('none', 'no data'),
        ),
        this.caption,
      ),
    );
  }

  async refresh({ signal }: RefreshContext): Promise<void> {
    const heat = await getJson<Heatmap>('api/heatmap', signal);
    const nowHour = new Date(Date.now() + heat.utc_offset_minutes * 60_000).getUTCHours();
    const cells = Array.from({ length: 24 }, (_, hour) => {
      const avg = heat.hours[String(hour)] ?? null;
      return h(
        'div',
        {
          class: `heat-cell ${latencyClass(avg)}${hour === nowHour ? ' now' : ''}`,
          title: cellTitle(hour, heat.detail?.[String(hour)]),
          'data-hour': hour,
        },
        h('span', { class: 'hour' }, `${String(hour).padStart(2, '0')}:00`),
        h('span', { class: 'avg' }, fmt.msNumber(avg)),
      );
    });
    replaceChildren(this.grid, ...cells);
    const zone = heat.timezone === 'local' ? `the daemon's local time (${fmt.utcOffset(heat.utc_offset_minutes)})` : fmt.utcOffset(heat.utc_offset_minutes);
    this.caption.textContent = `Hours in ${zone}; values in ms. The outlined cell is the current hour.`;
  }
}
