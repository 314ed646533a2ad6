#!/usr/bin/env node
// Prints the size of a web build's JavaScript, raw and gzipped (what a browser downloads).
//   node apphost/web/bundle-size.mjs artifacts/web/api-5080
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export function bundleSize(dir) {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(dir);
  let raw = 0, gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.map((f) => relative(dir, f)), raw, gzipped };
}

export function reportBundle(dir) {
  const { files, raw, gzipped } = bundleSize(dir);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`web bundle: ${files.length} JS file(s), ${kb(raw)} raw, ${kb(gzipped)} gzipped`);
  return { files, raw, gzipped };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) reportBundle(process.argv[2] ?? 'artifacts/web');
