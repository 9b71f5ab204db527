// The dashboard in headless Chromium (playwright-core, /usr/bin/chromium)
// against a running daemon (test_dashboard.py starts it in a private network
// namespace). Per tab: real numbers, drawn charts (pixels of the series
// colour on the canvas), no console errors or CSP violations, screenshots in
// WW_ARTIFACTS (desktop, 390 px phone, dark mode). Every wait has a deadline.
//
// Environment: WW_URL, WW_ARTIFACTS, WW_OUTAGE_ADDRESSES (removed from lo for
// the outage), WW_WEB_NODE_MODULES, WW_CHROMIUM.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const require = createRequire(join(process.env.WW_WEB_NODE_MODULES ?? '', 'noop.js'));
const { chromium } = require('playwright-core');

const base = process.env.WW_URL;
const artifacts = process.env.WW_ARTIFACTS;
const outageAddresses = (process.env.WW_OUTAGE_ADDRESSES ?? '').split(',').filter(Boolean);
const kWait = { timeout: 20_000 };
const kTabs = ['overview', 'graph', 'drops', 'outages', 'targets', 'heatmap'];

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.WW_CHROMIUM || '/usr/bin/chromium',
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  setAddresses(true);
});

function setAddresses(up) {
  for (const address of outageAddresses) {
    try {
      execFileSync('ip', ['addr', up ? 'add' : 'del', `${address}/32`, 'dev', 'lo'], { stdio: 'ignore' });
    } catch {
      // already in the wanted state
    }
  }
}

// A page whose console errors, page errors, CSP violations and failed
// requests are collected in page.problems.
async function openPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    );
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A refresh cancelled by a tab switch is not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') page.problems.push(`request failed: ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

async function closePage(page) {
  const problems = page.problems;
  await page.context().close();
  assert.deepEqual(problems, [], 'console errors, CSP violations or failed requests');
}

async function showTab(page, tab) {
  if (page.url() === 'about:blank') await page.goto(`${base}#${tab}`);
  else await page.click(`nav.tabs a[data-tab="${tab}"]`);
  await page.waitForSelector(`section#${tab}:not([hidden])`, kWait);
}

async function api(path) {
  const response = await fetch(new URL(path, base));
  assert.equal(response.status, 200, path);
  return response.json();
}

// Pixels of a chart's canvas within a small distance of the colour in the
// CSS custom property `colorVar` (the series stroke): > 0 means it was drawn.
async function seriesPixels(page, chart, colorVar) {
  return page.evaluate(
    ([selector, name]) => {
      const canvas = document.querySelector(`${selector} canvas`);
      if (!canvas || canvas.width === 0) return 0;
      const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 60 && want.every((c, k) => Math.abs(data[i + k] - c) < 40)) n++;
      }
      return n;
    },
    [`[data-chart="${chart}"]`, colorVar],
  );
}

// The charts refresh every 3 s and a young session has only a short stretch
// of line: wait (with a deadline) until enough of the series' pixels show.
async function waitForPixels(page, chart, colorVar, min, what) {
  const deadline = Date.now() + kWait.timeout;
  let n = 0;
  while (Date.now() < deadline) {
    n = await seriesPixels(page, chart, colorVar);
    if (n > min) return;
    await page.waitForTimeout(250);  // poll interval, not a wait for a state
  }
  assert.fail(`${what}: ${n} pixels of ${colorVar} after ${kWait.timeout} ms`);
}

async function waitForPoints(page, chart, min) {
  await page.waitForFunction(
    ([selector, n]) => Number(document.querySelector(selector)?.dataset.points ?? 0) >= n,
    [`[data-chart="${chart}"]`, min],
    kWait,
  );
}

async function text(page, selector) {
  return (await page.textContent(selector))?.trim() ?? '';
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

// Waits until a tab shows data rather than its loading state.
async function waitForData(page, tab) {
  const ready = {
    overview: '[data-chart="overview-latency"]:not([data-points="0"]) canvas',
    graph: '[data-chart="graph-latency"][data-points]:not([data-points="0"])',
    drops: 'section#drops table, section#drops .notice.empty',
    outages: 'section#outages .outage-probes table',
    targets: 'section#targets table',
    heatmap: '.heat-grid .heat-cell.good',
  }[tab];
  await page.waitForSelector(ready, kWait);
}

test('overview shows live numbers, the latency chart and the histogram', async () => {
  const page = await openPage();
  await showTab(page, 'overview');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-field="health_score"]')?.textContent ?? ''), null, kWait);
  const status = await api('api/status');
  assert.match(await text(page, '[data-field="health_grade"]'), /^(A\+|A|B|C|D|F)$/);
  assert.match(await text(page, '[data-field="uptime_pct"]'), /^\d+\.\d\d %$/);
  assert.match(await text(page, '[data-field="packet_loss_pct"]'), /^\d+\.\d\d %$/);
  for (const field of ['avg_latency', 'min_latency', 'max_latency', 'jitter']) {
    assert.match(await text(page, `[data-field="${field}"]`), /^\d+(\.\d+)? ms$/, field);
  }
  assert.match(await text(page, '[data-field="total_pings"]'), /^[\d,]+$/);
  assert.notEqual(await text(page, '[data-field="diagnosis"]'), '');
  assert.equal(await text(page, '[data-field="diagnosis"]'), status.diagnosis);
  assert.equal(await page.isVisible('.drop-banner'), false, 'no drop banner while up');
  await waitForPoints(page, 'overview-latency', 5);
  await waitForPoints(page, 'overview-histogram', 1);
  // Only the last minute of the 15 has data yet: a short stretch of line.
  await waitForPixels(page, 'overview-latency', '--lat', 5, 'latency line drawn');
  await waitForPixels(page, 'overview-latency', '--gw', 5, 'gateway line drawn');
  await waitForPixels(page, 'overview-histogram', '--hist', 50, 'histogram bars drawn');
  await shot(page, 'overview');
  await closePage(page);
});

test('graph: latency and gateway, range picker, drag to zoom that survives a refresh', async () => {
  const page = await openPage();
  await showTab(page, 'graph');
  await waitForPoints(page, 'graph-latency', 5);
  await waitForPixels(page, 'graph-latency', '--lat', 5, 'latency line drawn');
  await waitForPixels(page, 'graph-latency', '--gw', 5, 'gateway line drawn');
  assert.match(await text(page, 'section#graph .caption'), /^\d+ of \d+ points with data/);

  const hour = page.waitForResponse((r) => r.url().includes('api/history?minutes=60'), kWait);
  await page.click('button[data-minutes="60"]');
  await hour;
  assert.equal(await page.getAttribute('button[data-minutes="60"]', 'aria-pressed'), 'true');
  await waitForPoints(page, 'graph-latency', 5);
  await shot(page, 'graph');

  const span = async () => {
    const [min, max] = (await page.getAttribute('[data-chart="graph-latency"]', 'data-x-range')).split(',').map(Number);
    return max - min;
  };
  const full = await span();
  const box = await page.locator('[data-chart="graph-latency"] .u-over').boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const zoomed = await span();
  assert.ok(zoomed < full * 0.5, `zoomed to ${zoomed} s of ${full} s`);
  await page.waitForSelector('button.reset:not([disabled])', kWait);
  await page.waitForResponse((r) => r.url().includes('api/history?minutes=60'), kWait);
  await page.waitForResponse((r) => r.url().includes('api/status'), kWait);
  assert.ok((await span()) < full * 0.5, 'the zoom survives an auto-refresh');
  await page.click('button.reset');
  assert.ok((await span()) > full * 0.9, 'reset shows the whole range again');
  await closePage(page);
});

test('targets: one row per target with loss and latency figures', async () => {
  const page = await openPage();
  await showTab(page, 'targets');
  await waitForData(page, 'targets');
  const targets = await api('api/targets');
  const rows = page.locator('section#targets tbody tr');
  assert.equal(await rows.count(), targets.length);
  const names = await page.locator('section#targets tbody td:first-child').allTextContents();
  for (const address of outageAddresses) assert.ok(names.some((n) => n.includes(address)), address);
  const first = await rows.first().locator('td').allTextContents();
  assert.match(first[0], /(gateway|external) · icmp/, 'role');
  assert.match(first[1], /^\d+\.\d %$/, 'loss');
  for (const i of [2, 3, 4, 5, 6]) assert.match(first[i], /^\d+(\.\d+)? ms$/, `column ${i}`);
  await shot(page, 'targets');
  await closePage(page);
});

test('heatmap: 24 hour cells coloured by latency, a legend and the time zone', async () => {
  const page = await openPage();
  await showTab(page, 'heatmap');
  await waitForData(page, 'heatmap');
  assert.equal(await page.locator('.heat-cell').count(), 24);
  const now = page.locator('.heat-cell.now');
  assert.equal(await now.count(), 1);
  assert.match(await now.locator('.avg').textContent(), /^\d+(\.\d+)?$/, 'the current hour has data');
  assert.ok((await now.getAttribute('class')).includes('good'), 'loopback latency is green');
  assert.equal(await page.locator('.legend-item').count(), 4);
  assert.match(await text(page, 'section#heatmap .caption'), /Hours in UTC/);
  const grey = await page.locator('.heat-cell.none').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  const green = await now.evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(grey, green);
  await shot(page, 'heatmap');
  await closePage(page);
});

test('drops: an outage shows as an ongoing drop, then as a finished one', async () => {
  const page = await openPage();
  await showTab(page, 'drops');
  await waitForData(page, 'drops');
  const before = (await api('api/drops')).length;
  setAddresses(false);
  try {
    await page.waitForSelector('section#drops tr.ongoing', { timeout: 30_000 });
    assert.match(await text(page, 'section#drops tr.ongoing'), /ongoing/);
    await shot(page, 'drops-ongoing');
    await showTab(page, 'overview');
    await page.waitForSelector('.drop-banner:not([hidden])', kWait);
    assert.match(await text(page, '.drop-banner'), /^Connection down since/);
    assert.equal(await text(page, '.summary .state'), 'DOWN');
    await shot(page, 'overview-down');
  } finally {
    setAddresses(true);
  }
  await showTab(page, 'drops');
  // The engine ends the drop first; the row gets its end when the store has written it.
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('section#drops tbody tr').length > n &&
      !document.querySelector('section#drops tr.ongoing') &&
      /^\d{4}-/.test(document.querySelector('section#drops tbody tr td:nth-child(2)')?.textContent ?? ''),
    before,
    { timeout: 30_000 },
  );
  const cells = await page.locator('section#drops tbody tr').first().locator('td').allTextContents();
  assert.match(cells[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'start');
  assert.match(cells[1], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'end');
  assert.match(cells[2], /^\d+(\.\d)? s$|min/, 'duration');
  assert.notEqual(cells[3], '');
  await page.waitForSelector('.summary .state.good', kWait);
  await shot(page, 'drops');
  await closePage(page);
});

test('outages: the monitor state, the probes, an outage ongoing then ended, the alerts line', async () => {
  const page = await openPage();
  await showTab(page, 'outages');
  await waitForData(page, 'outages');
  // Every probe connected at least once before the outage.
  await page.waitForFunction(
    (n) => document.querySelectorAll('section#outages .outage-probes tbody .badge.good').length === n,
    outageAddresses.length,
    kWait,
  );
  assert.equal(await text(page, '[data-field="outage_state"]'), 'UP');
  const probes = await page.locator('section#outages .outage-probes tbody td:first-child').allTextContents();
  for (const address of outageAddresses) assert.ok(probes.some((p) => p.startsWith(`${address}:`)), address);
  assert.match(await text(page, '[data-field="alerts"]'), /^Alerts: no provider is enabled/);
  const before = (await api('api/outages')).total;
  setAddresses(false);
  try {
    // A round every 5 s, confirmed by one failed round.
    await page.waitForSelector('section#outages .outages tr.ongoing', { timeout: 30_000 });
    assert.equal(await text(page, '[data-field="outage_state"]'), 'DOWN');
    assert.match(await text(page, 'section#outages .outages tr.ongoing'), /ongoing.*2 of 2 failed/s);
    await shot(page, 'outages-ongoing');
  } finally {
    setAddresses(true);
  }
  await page.waitForFunction(
    (n) =>
      !document.querySelector('section#outages .outages tr.ongoing') &&
      document.querySelectorAll('section#outages .outages tbody tr').length >= n + 2 &&
      /outage end/.test(document.querySelector('section#outages .outages tbody tr')?.textContent ?? ''),
    before,
    { timeout: 30_000 },
  );
  const end = await page.locator('section#outages .outages tbody tr').first().locator('td').allTextContents();
  assert.match(end[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'time');
  assert.match(end[2], /^\d+(\.\d)? s$|min/, 'duration');
  assert.match(end[3], /^0 of 2 failed$/, 'probes');
  assert.equal(await text(page, '[data-field="outage_state"]'), 'UP');
  await shot(page, 'outages');
  await closePage(page);
});

for (const [variant, options] of [
  ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ['dark', { colorScheme: 'dark' }],
]) {
  test(`${variant}: every tab`, async () => {
    const page = await openPage(options);
    for (const tab of kTabs) {
      await showTab(page, tab);
      await waitForData(page, tab);
      if (variant === 'phone') {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${tab}: the page is ${width} px wide, wider than the phone`);
        const nav = await page.evaluate(() => {
          const n = document.querySelector('nav.tabs');
          return [n.scrollWidth, n.clientWidth];
        });
        assert.ok(nav[0] <= nav[1], `${tab}: the tab bar needs ${nav[0]} px of ${nav[1]}: a tab is cut off`);
      } else {
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const [r, g, b] = bg.match(/\d+/g).map(Number);
        assert.ok(r + g + b < 120, `${tab}: dark background, got ${bg}`);
      }
      await shot(page, `${variant}-${tab}`);
    }
    await closePage(page);
  });
}

test('an unreachable API is reported in the page, and the page recovers', async () => {
  const page = await openPage();
  await showTab(page, 'overview');
  await waitForData(page, 'overview');
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.waitForSelector('#error:not([hidden])', kWait);
  assert.match(await text(page, '#error'), /Cannot reach the wanwatch API/);
  await shot(page, 'error');
  await page.unroute('**/api/**');
  await page.waitForSelector('#error[hidden]', { ...kWait, state: 'attached' });
  // The refused requests were the point of this test.
  page.problems = page.problems.filter((p) => !/ERR_CONNECTION_REFUSED|request failed/.test(p));
  await closePage(page);
});

test('refreshing pauses while the page is hidden', async () => {
  const page = await openPage();
  await showTab(page, 'overview');
  await waitForData(page, 'overview');
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  assert.match(await text(page, '#updated'), /Paused/);
  let requests = 0;
  page.on('request', (r) => r.url().includes('/api/') && requests++);
  // Absence can only be shown over a span: two refresh periods.
  await page.waitForTimeout(6500);
  assert.equal(requests, 0, 'no API requests while hidden');
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction(() => /^Updated/.test(document.querySelector('#updated')?.textContent ?? ''), null, kWait);
  await closePage(page);
});
