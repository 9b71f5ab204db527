// Drops: every recorded connectivity drop, newest first; the ongoing one highlighted.
import { getJson, type DropEvent } from '../api';
import { h, notice, replaceChildren, table } from '../dom';
import * as fmt from '../format';
import type { RefreshContext, Tab } from './tab';

export class DropsTab implements Tab {
  readonly id = 'drops';
  readonly title = 'Drops';
  private panel: HTMLElement | null = null;

  mount(panel: HTMLElement): void {
    this.panel = panel;
    replaceChildren(panel, notice('Loading drops…', 'loading'));
  }

  async refresh({ signal }: RefreshContext): Promise<void> {
    let drops = await getJson<DropEvent[]>('api/drops', signal);
    if (!this.panel) return;
    if (drops.length === 0) {
      replaceChildren(this.panel, notice('No drops recorded: the connection has stayed up.'));
      return;
    }
    // While a drop lasts, the store's open row can sit beside the engine's
    // fresher copy (same start, to the millisecond): show the ongoing one only.
    const ongoingStarts = new Set(drops.filter((d) => d.ongoing).map((d) => d.start));
    drops = drops.filter((d) => d.ongoing || d.end !== null || !ongoingStarts.has(d.start));
    const total = drops.reduce((sum, d) => sum + (d.duration_sec ?? 0), 0);
    const rows = [...drops].reverse().map((d) => ({
      rowClass: d.ongoing ? 'ongoing' : undefined,
      cells: [
        fmt.dateTime(d.start),
        d.ongoing ? h('span', { class: 'badge bad' }, 'ongoing') : fmt.dateTime(d.end),
        fmt.duration(d.duration_sec),
        h('span', { title: d.detail || undefined }, d.diagnosis),
      ],
    }));
    replaceChildren(
      this.panel,
      h('p', { class: 'summary-line' }, `${fmt.count(drops.length, 'drop')}, ${fmt.duration(total)} down in total.`),
      table('drops', [{ title: 'Start' }, { title: 'End' }, { title: 'Duration', numeric: true }, { title: 'Diagnosis' }], rows),
    );
  }
}
