#!/usr/bin/env node
// A small static server for the Expo web build: files as they are, hashed assets cached for good,
// gzip when the browser accepts it, and the app's HTML for any route that is not a file (SPA fallback;
// with expo-router's static output, the page of the matching route, [param] segments included).
//   PORT=8081 node apphost/web/serve.mjs --dir artifacts/web/api-5080 [--host 127.0.0.1]
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const root = resolve(arg('dir', 'dist'));
const host = arg('host', process.env.HOST ?? '127.0.0.1');
const port = Number(arg('port', process.env.PORT ?? '8081'));
if (!existsSync(join(root, 'index.html'))) {
  console.error(`web: no index.html in ${root} (has the web build run?)`);
  process.exit(1);
}

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.ttf': 'font/ttf', '.otf': 'font/otf', '.woff': 'font/woff', '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8', '.webmanifest': 'application/manifest+json',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.ttf', '.otf', '.webmanifest']);

// expo-router's static output writes one page per route: product/[id].html serves /product/42.
const pages = [];
(function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) { if (entry.name !== '_expo' && entry.name !== 'assets') walk(path); }
    else if (entry.name.endsWith('.html')) pages.push(path);
  }
})(root);
const routes = pages
  .map((file) => {
    const segments = relative(root, file).slice(0, -'.html'.length).split(sep).filter((s) => !/^\(.*\)$/.test(s));
    if (segments.at(-1) === 'index') segments.pop();
    const dynamic = segments.filter((s) => s.startsWith('[')).length;
    return { file, segments, dynamic };
  })
  .filter((r) => !r.segments.some((s) => s.startsWith('+') || s.startsWith('_')))
  .sort((a, b) => a.dynamic - b.dynamic);
const notFound = pages.find((p) => p.endsWith(`${sep}+not-found.html`));
function pageFor(pathname) {
  const parts = pathname.split('/').filter(Boolean);
  for (const { file, segments } of routes) {
    if (segments.at(-1)?.startsWith('[...')) {
      if (parts.length >= segments.length - 1 && segments.slice(0, -1).every((s, i) => s.startsWith('[') || s === parts[i])) return file;
    } else if (segments.length === parts.length && segments.every((s, i) => s.startsWith('[') || s === parts[i])) return file;
  }
  return routes.length > 1 && notFound ? notFound : join(root, 'index.html');
}

const cache = new Map(); // file -> { body, gzipped }
function load(file) {
  let entry = cache.get(file);
  if (!entry) {
    const body = readFileSync(file);
    entry = { body, gzipped: compressible.has(extname(file)) && body.length > 1024 ? gzipSync(body) : null };
    cache.set(file, entry);
  }
  return entry;
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname;
  try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
  let file = normalize(join(root, pathname));
  if (file !== root && !file.startsWith(root + sep)) { res.writeHead(404).end(); return; }
  let status = 200;
  const isFile = (f) => { try { return statSync(f).isFile(); } catch { return false; } };
  if (!isFile(file)) {
    if (isFile(`${file}.html`)) file = `${file}.html`;
    else if (isFile(join(file, 'index.html'))) file = join(file, 'index.html');
    else if (extname(pathname) && !pathname.endsWith('.html')) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found'); return; }
    else { file = pageFor(pathname); if (file === notFound) status = 404; }
  }
  const { body, gzipped } = load(file);
  const headers = {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': pathname.startsWith('/_expo/static/') || pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  const useGzip = gzipped && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (useGzip) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = (useGzip ? gzipped : body).length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : useGzip ? gzipped : body);
});
server.listen(port, host, () => console.log(`web: serving ${root} at http://${host}:${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
