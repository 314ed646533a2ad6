#!/usr/bin/env node
// Builds the Expo app's web version (npx expo export --platform web) for one API address, or keeps
// the previous build when nothing under mobile/ changed since and it was made for the same address.
// The API base is inlined at build time (EXPO_PUBLIC_API_URL), so each API address has its own folder.
//   node apphost/web/build.mjs --app mobile --out artifacts/web/api-5080 --api-url http://127.0.0.1:5080 [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundleSize, reportBundle } from './bundle-size.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return pairs;
}, []));
const app = resolve(args.app ?? 'mobile');
const out = resolve(args.out ?? join('artifacts', 'web', 'dist'));
const apiUrl = args['api-url'] ?? 'http://127.0.0.1:5080';
const force = args.force === 'true' || process.env.BSTORE_WEB_REBUILD === '1';
const stampFile = join(out, '.bstore-build.json');

const fail = (message) => { console.error(`web build: ${message}`); process.exit(1); };
if (!existsSync(join(app, 'package.json'))) fail(`no Expo app at ${app}`);
const expo = join(app, 'node_modules', '.bin', 'expo');
if (!existsSync(expo)) fail(`${app}/node_modules is missing: run scripts/setup (npm ci in mobile/)`);

// Everything that goes into the bundle: the app's sources and configuration, not its outputs or caches.
const skipped = new Set(['node_modules', 'dist', 'web-build', '.expo', 'coverage', '__tests__', '.git']);
function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.isFile() && !/\.test\.[jt]sx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = newestSource(app);
if (!force && existsSync(stampFile)) {
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  if (stamp.apiUrl === apiUrl && stamp.sourcesMtimeMs >= sources && existsSync(join(out, 'index.html'))) {
    console.log(`web build: up to date (${out}, built ${stamp.builtAt} for ${apiUrl})`);
    reportBundle(out);
    process.exit(0);
  }
}

// Export into a fresh folder beside the target, then swap it in, so a half-written build is never served.
const started = Date.now();
const staging = `${out}.building-${process.pid}`;
mkdirSync(dirname(out), { recursive: true });
rmSync(staging, { recursive: true, force: true });
console.log(`web build: npx expo export --platform web (EXPO_PUBLIC_API_URL=${apiUrl}) ...`);
// Metro's transform cache (in the temporary folder) does not notice a changed EXPO_PUBLIC_API_URL: a file
// transformed once for another address keeps it. So each address gets a cache of its own, beside the builds
// (which also keeps other checkouts on this machine from sharing, and spoiling, one cache).
const cache = join(dirname(out), '.metro-cache', basename(out));
mkdirSync(cache, { recursive: true });
const result = spawnSync(expo, ['export', '--platform', 'web', '--output-dir', staging], {
  cwd: app,
  stdio: 'inherit',
  env: { ...process.env, CI: '1', EXPO_NO_TELEMETRY: '1', EXPO_PUBLIC_API_URL: apiUrl, NODE_ENV: 'production', TMPDIR: cache },
});
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  fail(`expo export failed (exit ${result.status ?? result.signal})`);
}
const inlined = bundleSize(staging).files.some((f) => readFileSync(join(staging, f), 'utf8').includes(apiUrl));
if (!inlined) {
  rmSync(staging, { recursive: true, force: true });
  fail(`the bundle does not contain ${apiUrl} (EXPO_PUBLIC_API_URL): a stale Metro cache? Delete ${cache} and retry`);
}
writeFileSync(join(staging, '.bstore-build.json'), JSON.stringify({
  apiUrl, sourcesMtimeMs: sources, builtAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000,
}, null, 2));
rmSync(out, { recursive: true, force: true });
renameSync(staging, out);
console.log(`web build: done in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${out}`);
reportBundle(out);
