// uPlot charts that follow their container's width and the colour scheme.
// Colours come from CSS custom properties (style.css), read when a chart is
// built; a colour-scheme change rebuilds the chart. Each chart's host element
// carries data-points (non-null values of its first series) so tests and
// people can tell an empty chart from a drawn one.
import uPlot from 'uplot';

import { ms } from './format';

export interface SeriesSpec {
  label: string;
  color: string; // a CSS custom property, e.g. "--lat"
  unit?: string;
  dash?: number[]; // an overlay drawn dashed lets the series below show through
}

interface ChartSpec {
  series: SeriesSpec[];
  height: () => number;
  time: boolean; // x is Unix seconds; else plain numbers (histogram bins)
  bars?: boolean;
  zoomable?: boolean;
  xLabel?: string;
  yLabel?: string;
  xRange?: () => [number, number] | null; // fixed x range; null: from the data
}

const kDark = matchMedia('(prefers-color-scheme: dark)');

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function formatValue(v: number | null | undefined, unit?: string): string {
  if (v === null || v === undefined) return '–';
  return unit === 'ms' ? ms(v) : String(v);
}

export class Chart {
  private plot: uPlot | null = null;
  private data: uPlot.AlignedData;
  private zoomed = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly spec: ChartSpec,
  ) {
    this.data = [[], ...spec.series.map(() => [])] as uPlot.AlignedData;
    host.classList.add('chart');
    host.dataset.points = '0';
    new ResizeObserver(() => this.resize()).observe(host);
    kDark.addEventListener('change', () => this.rebuild());
  }

  get isZoomed(): boolean {
    return this.zoomed;
  }

  // x and one array per series, all the same length; nulls are gaps.
  setData(x: number[], ys: (number | null)[][]): void {
    this.data = [x, ...ys] as uPlot.AlignedData;
    this.host.dataset.points = String((ys[0] ?? []).filter((v) => v !== null).length);
    if (!this.plot) this.rebuild();
    else this.plot.setData(this.data, !this.zoomed);
  }

  resetZoom(): void {
    this.zoomed = false;
    this.plot?.setData(this.data, true);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.host.clientWidth));
  }

  private resize(): void {
    if (!this.plot || this.host.clientWidth === 0) return;
    const width = this.width();
    const height = this.spec.height();
    if (width !== this.plot.width || height !== this.plot.height) this.plot.setSize({ width, height });
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = null;
    if (this.host.clientWidth === 0 && !this.host.isConnected) return;
    this.plot = new uPlot(this.options(), this.data, this.host);
  }

  private options(): uPlot.Options {
    const axis = cssVar('--chart-axis');
    const grid = cssVar('--chart-grid');
    const spec = this.spec;
    const axisStyle = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const barPaths = spec.bars ? uPlot.paths.bars!({ size: [0.9, 80], align: 1 }) : undefined;
    return {
      width: this.width(),
      height: spec.height(),
      scales: {
        x: {
          time: spec.time,
          range: (_u, min, max) => spec.xRange?.() ?? [min ?? 0, max ?? 1],
        },
        y: { range: (_u, _min, max) => [0, max !== null && max > 0 ? max * 1.1 : 10] },
      },
      series: [
        spec.time ? {} : { label: spec.xLabel, value: (_u, v) => formatValue(v, 'ms') },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: cssVar(s.color),
          fill: spec.bars ? cssVar(s.color) : undefined,
          width: spec.bars ? 0 : s.dash ? 1.25 : 1.5,
          dash: s.dash,
          paths: barPaths,
          points: spec.bars ? { show: false } : undefined,
          value: (_u: uPlot, v: number | null) => formatValue(v, s.unit),
        })),
      ],
      axes: [
        { ...axisStyle, label: spec.xLabel },
        { ...axisStyle, label: spec.yLabel, size: 56 },
      ],
      cursor: {
        drag: { x: !!spec.zoomable, y: false, setScale: !!spec.zoomable },
        points: { show: !spec.bars },
      },
      hooks: {
        setSelect: [(u) => void (u.select.width > 0 && spec.zoomable && (this.zoomed = true))],
        ready: [(u) => u.over.addEventListener('dblclick', () => (this.zoomed = false))],
        // The visible x range, for tests and for people inspecting the page.
        setScale: [
          (u, key) => {
            if (key === 'x') this.host.dataset.xRange = `${u.scales.x.min ?? ''},${u.scales.x.max ?? ''}`;
          },
        ],
      },
    };
  }
}

// The latency-over-time chart: external targets and, optionally, the gateway.
export function latencyChart(host: HTMLElement, height: () => number, zoomable: boolean): Chart {
  return new Chart(host, {
    series: [
      { label: 'Latency', color: '--lat', unit: 'ms' },
      { label: 'Gateway', color: '--gw', unit: 'ms', dash: [6, 4] },
    ],
    height,
    time: true,
    zoomable,
    yLabel: 'ms',
  });
}

// Counts of latencies per bin: x = bin start in ms; xRange spans the bins.
export function histogramChart(
  host: HTMLElement,
  height: () => number,
  xRange: () => [number, number] | null,
): Chart {
  return new Chart(host, {
    xRange,
    series: [{ label: 'Probes', color: '--hist' }],
    height,
    time: false,
    bars: true,
    xLabel: 'latency (ms)',
    yLabel: 'probes',
  });
}

// ISO 8601 strings → Unix seconds for uPlot.
export function unixSeconds(timestamps: string[]): number[] {
  return timestamps.map((t) => Date.parse(t) / 1000);
}
