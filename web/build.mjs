// Bundles the dashboard into DIR: app-<hash>.js and app-<hash>.css from
// src/main.ts (uPlot and its CSS included), the icon with a hash in its name,
// and index.html referring to them. No inline script or style: the server's
// Content-Security-Policy allows only same-origin files.
//
//   node build.mjs --out DIR [--node-modules DIR]
// --node-modules lets a CMake build keep its npm packages in the build tree.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));

function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in values)) throw new Error(`build: index.html uses unknown {{${key}}}`);
    return values[key];
  });
}

function hashedCopy(source, outDir) {
  const bytes = readFileSync(source);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase();
  const name = basename(source).replace(/(\.[^.]+)$/, `-${hash}$1`);
  writeFileSync(join(outDir, name), bytes);
  return name;
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'node-modules': { type: 'string' } },
  });
  if (!values.out) throw new Error('usage: node build.mjs --out DIR [--node-modules DIR]');
  const outDir = resolve(values.out);
  const modules = resolve(values['node-modules'] ?? join(here, 'node_modules'));
  const esbuild = createRequire(join(modules, 'noop.js'))('esbuild');

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: join(here, 'src/main.ts') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    entryNames: '[name]-[hash]',
    outdir: outDir,
    nodePaths: [modules],
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((n) => n.endsWith('.js'));
  const css = outputs.find((n) => n.endsWith('.css'));
  if (!js || !css) throw new Error(`build: expected one .js and one .css, got ${outputs}`);
  const icon = hashedCopy(join(here, 'static/icon.svg'), outDir);
  const template = readFileSync(join(here, 'index.html'), 'utf8');
  writeFileSync(join(outDir, 'index.html'), fill(template, { js, css, icon }));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
