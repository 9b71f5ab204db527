// The dashboard shell: tab switching by URL hash, the header summary, the
// error banner, and the 3-second refresh cycle (paused while the page is hidden).
import 'uplot/dist/uPlot.min.css';
import './style.css';

import { getJson, type Status } from './api';
import { h, replaceChildren } from './dom';
import * as fmt from './format';
import { DropsTab } from './tabs/drops';
import { GraphTab } from './tabs/graph';
import { HeatmapTab } from './tabs/heatmap';
import { OutagesTab } from './tabs/outages';
import { gradeClass, OverviewTab } from './tabs/overview';
import type { Tab } from './tabs/tab';
import { TargetsTab } from './tabs/targets';

const kRefreshMs = 3000;

class App {
  private readonly graph = new GraphTab();
  private readonly tabs: Tab[] = [new OverviewTab(), this.graph, new DropsTab(), new OutagesTab(), new TargetsTab(), new HeatmapTab()];
  private readonly mounted = new Set<string>();
  private active: Tab = this.tabs[0];
  private generation = 0;
  private timer: number | undefined;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly summary: HTMLElement,
    private readonly error: HTMLElement,
    private readonly footer: HTMLElement,
  ) {
    this.graph.setOnChange(() => this.refreshNow());
    window.addEventListener('hashchange', () => this.showFromHash());
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) return this.refreshNow();
      this.pause();
      this.footer.textContent = 'Paused while this page is hidden.';
    });
  }

  start(): void {
    this.showFromHash();
  }

  private showFromHash(): void {
    const id = location.hash.replace(/^#/, '');
    this.active = this.tabs.find((t) => t.id === id) ?? this.tabs[0];
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.tabs a')) {
      const selected = link.dataset.tab === this.active.id;
      link.setAttribute('aria-selected', String(selected));
      link.classList.toggle('active', selected);
    }
    for (const panel of document.querySelectorAll<HTMLElement>('main > section')) {
      panel.hidden = panel.id !== this.active.id;
    }
    const panel = document.getElementById(this.active.id);
    if (panel && !this.mounted.has(this.active.id)) {
      this.active.mount(panel);
      this.mounted.add(this.active.id);
    }
    document.title = `wanwatch · ${this.active.title}`;
    this.refreshNow();
  }

  private pause(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  // Starts a new cycle at once; a cycle still running is cancelled.
  private refreshNow(): void {
    this.pause();
    if (!document.hidden) void this.cycle(this.generation);
  }

  private async cycle(generation: number): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    const tab = this.active;
    try {
      const status = await getJson<Status>('api/status', controller.signal);
      this.renderSummary(status);
      await tab.refresh({ status, signal: controller.signal });
      if (generation !== this.generation) return;
      this.showError(null);
      this.footer.textContent = `Updated ${fmt.clockTime(new Date())}, refreshing every ${kRefreshMs / 1000} s.`;
    } catch (e) {
      if (generation !== this.generation) return;
      this.showError(e instanceof Error ? e.message : String(e));
    } finally {
      if (generation === this.generation && !document.hidden) {
        this.timer = window.setTimeout(() => void this.cycle(generation), kRefreshMs);
      }
    }
  }

  private renderSummary(s: Status): void {
    replaceChildren(
      this.summary,
      h('span', { class: `grade ${gradeClass(s.health_grade)}` }, s.health_grade),
      h('span', { class: 'score-text' }, `${s.health_score}/100`),
      h('span', { class: `state ${s.is_down ? 'bad' : 'good'}` }, s.is_down ? 'DOWN' : 'UP'),
    );
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    document.body.classList.toggle('stale', message !== null);
    if (message !== null) {
      replaceChildren(
        this.error,
        h('strong', {}, 'Cannot reach the wanwatch API. '),
        `${message}. Showing the last data received; retrying every ${kRefreshMs / 1000} s.`,
      );
    }
  }
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dashboard: index.html has no #${id}`);
  return el;
}

new App(byId('summary'), byId('error'), byId('updated')).start();
