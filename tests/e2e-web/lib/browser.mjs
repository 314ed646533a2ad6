// Headless Debian Chromium driven by playwright-core (never `npx playwright install`: it downloads a browser, which this machine cannot).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const chromiumPath = process.env.BSTORE_CHROMIUM ?? '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium with a fresh profile (its --user-data-dir a new temporary folder, removed on close): no cache, no storage. */
export async function launchBrowser({ viewport = { width: 430, height: 932 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'bstore-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, args, viewport, locale: 'en-US', timezoneId: 'UTC',
  });
  return {
    context,
    page: context.pages()[0] ?? await context.newPage(),
    version: context.browser()?.version() ?? '',
    close: async () => { await context.close().catch(() => {}); rmSync(profile, { recursive: true, force: true }); },
  };
}
