// Targets: per-target loss and latency statistics over the statistics window.
import { getJson, type TargetRow } from '../api';
import { h, notice, replaceChildren, table } from '../dom';
import * as fmt from '../format';
import type { RefreshContext, Tab } from './tab';

export class TargetsTab implements Tab {
  readonly id = 'targets';
  readonly title = 'Targets';
  private panel: HTMLElement | null = null;

  mount(panel: HTMLElement): void {
    this.panel = panel;
    replaceChildren(panel, notice('Loading targets…', 'loading'));
  }

  async refresh({ signal }: RefreshContext): Promise<void> {
    const targets = await getJson<TargetRow[]>('api/targets', signal);
    if (!this.panel) return;
    if (targets.length === 0) {
      replaceChildren(this.panel, notice('No targets yet: the first probe round has not finished.'));
      return;
    }
    const rows = targets.map((t) => ({
      rowClass: t.loss_pct !== null && t.loss_pct >= 100 ? 'down' : undefined,
      cells: [
        h(
          'span',
          { class: 'target' },
          t.name,
          t.target !== t.name ? h('small', {}, ` ${t.target}`) : null,
          h('small', { class: 'role' }, `${t.role} · ${t.kind}`),
        ),
        fmt.pct(t.loss_pct, 1),
        fmt.ms(t.avg_ms),
        fmt.ms(t.min_ms),
        fmt.ms(t.max_ms),
        fmt.ms(t.jitter_ms),
        fmt.ms(t.p95_ms),
        t.total_pings.toLocaleString(),
      ],
    }));
    replaceChildren(
      this.panel,
      table(
        'targets',
        [
          { title: 'Target' },
          { title: 'Loss', numeric: true },
          { title: 'Avg', numeric: true },
          { title: 'Min', numeric: true },
          { title: 'Max', numeric: true },
          { title: 'Jitter', numeric: true },
          { title: 'p95', numeric: true },
          { title: 'Pings', numeric: true },
        ],
        rows,
      ),
    );
  }
}
