// The shopper's journey through the web build of the Expo app, in headless Chromium, against the real local
// environment (moto, seeded catalog, API, order workflow): sign up, confirm, sign in, search, product, wishlist,
// cart, quantity, promo code, checkout, the order's progress to delivered, notifications. One screenshot per step
// in artifacts/e2e-screenshots/; then the time from navigation start to the interactive home screen, median of
// several fresh page loads (artifacts/e2e-screenshots/timings.json).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from './lib/browser.mjs';
import { repositoryRoot, startEnvironment } from './lib/environment.mjs';

const screenshots = join(repositoryRoot, 'artifacts', 'e2e-screenshots');
const PAGE_LOADS = Number(process.env.BSTORE_E2E_PAGE_LOADS ?? 5);
const WAIT = 20_000; // the longest a shopper-visible change may take (the app refetches; the machine is slow and shared)
const ORDER_STEP_SECONDS = 5; // the order workflow's waits (10 s by default); the app polls an order in progress every 5 s

// Progress goes to stderr: under `node --test` the file's stdout carries the runner's serialized reports, and
// console.log lines interleaved with them can break their parsing ("Unable to deserialize cloned data").
const log = (...parts) => console.error('  ·', ...parts);
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cssString = (text) => JSON.stringify(text);
/** A money amount as shown ("$85.50", "85.50 USD", "USD 1,085.50") → 85.5. */
const money = (text) => {
  const match = String(text).replace(/,(?=\d{3}\b)/g, '').match(/-?\d+(?:[.,]\d{1,2})?/);
  assert.ok(match, `no amount in "${text}"`);
  return Math.abs(Number(match[0].replace(',', '.')));
};
const cents = (n) => Math.round(n * 100);

let environment;
let browser;
let page;
let stepNumber = 0;
let broken = null; // the first failed step: the ones after it are skipped, not failed again

async function screenshot(name) {
  stepNumber += 1;
  const file = join(screenshots, `${String(stepNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  log(`screenshot ${file.slice(repositoryRoot.length + 1)}`);
}

/** One step of the journey: skipped once an earlier step failed (it would fail for the same reason). */
function step(name, body) {
  it(name, async (t) => {
    if (broken) { t.skip(`an earlier step failed: ${broken}`); return; }
    try {
      await body();
    } catch (error) {
      broken = name;
      if (page) await page.screenshot({ path: join(screenshots, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      throw error;
    }
  });
}

// What the shopper acts on, by the names of the app's contract (aria-label on web, or the visible text).
const byTestId = (id) => page.getByTestId(id);
const button = (name) => page.getByRole('button', { name, exact: true })
  .or(page.getByRole('link', { name, exact: true }))
  .or(page.locator(`[aria-label=${cssString(name)}]`)).first();
const field = (name) => page.getByLabel(name, { exact: true }).or(page.getByPlaceholder(name, { exact: true })).first();
const tab = (name) => page.getByRole('tab', { name, exact: false })
  .or(page.getByRole('link', { name: new RegExp(`^${escape(name)}\\b`) }))
  .or(page.getByRole('button', { name: new RegExp(`^${escape(name)}\\b`) })).first();
const card = (name) => byTestId('home-screen').locator(`[aria-label^=${cssString(name)}]`).first();
async function textOf(testId) { return (await byTestId(testId).first().innerText()).trim(); }
async function expectText(testId, predicate, what) {
  const deadline = Date.now() + WAIT;
  let last = '';
  while (Date.now() < deadline) {
    last = await textOf(testId).catch(() => '');
    if (predicate(last)) return last;
    await page.waitForTimeout(200);
  }
  assert.fail(`${testId} should show ${what}; it shows "${last}"`);
}
async function expectUrl(pattern) {
  await page.waitForURL(pattern, { timeout: WAIT });
}
async function visible(locator, what) {
  await locator.waitFor({ state: 'visible', timeout: WAIT }).catch(() => assert.fail(`${what} should be visible`));
}
async function goTab(name, screen) {
  // Pushed screens (product, checkout, an order) cover the tab bar, as on a phone: go back to it first.
  for (let i = 0; i < 4 && !(await tab(name).isVisible()); i += 1) {
    const back = page.getByRole('button', { name: /^(go )?back$/i }).or(page.getByRole('link', { name: /^(go )?back$/i })).first();
    if (await back.isVisible()) await back.click(); else await page.goBack();
    await tab(name).waitFor({ state: 'visible', timeout: 1000 }).catch(() => {}); // else one more screen to go back from
  }
  await tab(name).click();
  await visible(byTestId(screen), `${screen} after the ${name} tab`);
}

// The catalog as the API serves it: the test knows what the shopper should see.
async function api(path) {
  const response = await fetch(`${environment.apiUrl}${path}`);
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}

const shopper = {
  email: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
  password: 'E2e-Lipstick-42',
};
const address = {
  'Full name': 'Ana Lima', 'Address line 1': '1 Rue de la Paix', 'Address line 2': 'Apt 4', City: 'Lyon',
  Region: 'Rhône', 'Postal code': '69001', Country: 'FR', Phone: '+33 4 00 00 00 00',
};
let product; // the product the shopper buys
let firstListed; // the first product of the home screen before any search
let orderId;
const seenStatuses = [];
const record = {}; // what artifacts/e2e-screenshots/timings.json keeps

describe('a shopper in the web app', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    rmSync(screenshots, { recursive: true, force: true });
    mkdirSync(screenshots, { recursive: true });
    environment = await startEnvironment({
      log,
      env: {
        BStore__Orders__PackSeconds: String(ORDER_STEP_SECONDS),
        BStore__Orders__ShipSeconds: String(ORDER_STEP_SECONDS),
        BStore__Orders__DeliverSeconds: String(ORDER_STEP_SECONDS),
        BStore__Notifications__EmailWindowSeconds: '2',
      },
    });
    const found = await api('/api/products?q=hyaluronic');
    product = found.items.find((p) => /hyaluronic/i.test(p.name));
    assert.ok(product, 'the seeded catalog has a hyaluronic serum');
    product = await api(`/api/products/${encodeURIComponent(product.id)}`);
    firstListed = (await api('/api/products?limit=1')).items[0];
    ({ page } = browser = await launchBrowser());
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') log(`console error: ${message.text()}`); });
  });

  after(async () => {
    await browser?.close();
    await environment?.stop();
    if (Object.keys(record).length) writeFileSync(join(screenshots, 'timings.json'), `${JSON.stringify(record, null, 2)}\n`);
  });

  it('serves a web bundle of a reasonable size', async () => {
    const html = await (await fetch(`${environment.webUrl}/`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0, 'the page loads the app bundle');
    let raw = 0, gzipped = 0;
    for (const src of scripts) {
      const response = await fetch(new URL(src, environment.webUrl), { headers: { 'Accept-Encoding': 'identity' } });
      assert.equal(response.status, 200, src);
      const bytes = Buffer.from(await response.arrayBuffer());
      raw += bytes.length;
      gzipped += gzipSync(bytes, { level: 9 }).length;
    }
    record.bundle = { scripts, rawBytes: raw, gzippedBytes: gzipped };
    console.error(`web bundle: ${scripts.length} script(s), ${(raw / 1024).toFixed(0)} KB, ${(gzipped / 1024).toFixed(0)} KB gzipped`);
    assert.ok(gzipped < 1024 * 1024, 'under 1 MB gzipped');
  });

  step('opens on the home screen with products', async () => {
    await page.goto(`${environment.webUrl}/`);
    await visible(byTestId('home-screen'), 'home-screen');
    await visible(card(firstListed.name), `the card of ${firstListed.name}`);
    await screenshot('home');
  });

  step('signs up with a new email and is asked for the confirmation code', async () => {
    await page.goto(`${environment.webUrl}/sign-up`);
    await visible(byTestId('sign-up-screen'), 'sign-up-screen');
    await field('Email').fill(shopper.email);
    await field('Password').fill(shopper.password);
    await screenshot('sign-up');
    await button('Create account').click();
    await expectUrl(/\/confirm(\?|$)/);
    assert.match(decodeURIComponent(page.url()), new RegExp(escape(shopper.email)));
    await visible(field('Confirmation code'), 'the confirmation code input');
    await screenshot('confirm');
  });

  step('confirms the email and signs in', async () => {
    await field('Confirmation code').fill('123456'); // the emulator's Cognito accepts any code
    await button('Confirm').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/confirm'), { timeout: WAIT });
    if (new URL(page.url()).pathname.startsWith('/sign-in')) {
      await visible(byTestId('sign-in-screen'), 'sign-in-screen');
      await field('Email').fill(shopper.email);
      await field('Password').fill(shopper.password);
      await screenshot('sign-in');
      await button('Sign in').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: WAIT });
    }
    await goTab('Profile', 'profile-screen');
    await visible(byTestId('profile-screen').getByText(shopper.email), 'the email on the profile');
    await visible(button('Sign out'), 'Sign out');
    await screenshot('signed-in-profile');
  });

  step('searches the catalog', async () => {
    await goTab('Home', 'home-screen');
    await visible(card(firstListed.name), `the card of ${firstListed.name}`);
    await field('Search products').fill('hyaluronic');
    await visible(card(product.name), `the card of ${product.name} after searching "hyaluronic"`);
    await card(firstListed.name).waitFor({ state: 'detached', timeout: WAIT })
      .catch(() => assert.fail(`${firstListed.name} should be gone from the results of "hyaluronic"`));
    await screenshot('search');
  });

  step('opens the product', async () => {
    await card(product.name).click();
    await expectUrl(new RegExp(`/product/${escape(encodeURIComponent(product.id))}$`));
    const screen = byTestId('product-screen');
    await visible(screen, 'product-screen');
    await visible(screen.getByText(product.name, { exact: true }).first(), 'the product name');
    await visible(screen.getByText(product.brand, { exact: false }).first(), 'the brand');
    await visible(screen.getByText(new RegExp(escape(product.price.toFixed(2)))).first(), `the price ${product.price.toFixed(2)}`);
    await screenshot('product');
  });

  step('adds the product to the wishlist', async () => {
    await button('Add to wishlist').click();
    await visible(button('Remove from wishlist'), 'Remove from wishlist (the heart is on)');
    await screenshot('product-wishlisted');
  });

  step('picks two and adds them to the cart', async () => {
    assert.equal(await expectText('quantity', (t) => t === '1', '1'), '1');
    await button('Increase quantity').click();
    await expectText('quantity', (t) => t === '2', '2');
    await button('Add to cart').click();
    await visible(page.getByText('Added 2 to your cart.'), 'the added-to-cart message');
    await screenshot('product-added-to-cart');
  });

  step('sees the product in the wishlist', async () => {
    await goTab('Wishlist', 'wishlist-screen');
    await visible(byTestId('wishlist-screen').getByText(product.name).first(), `${product.name} in the wishlist`);
    await screenshot('wishlist');
  });

  step('changes the quantity in the cart', async () => {
    await goTab('Cart', 'cart-screen');
    const quantity = `cart-quantity-${product.id}`;
    await expectText(quantity, (t) => t === '2', '2');
    await button(`Increase quantity: ${product.name}`).click();
    await expectText(quantity, (t) => t === '3', '3');
    await expectText('cart-subtotal', (t) => /\d/.test(t) && cents(money(t)) === cents(product.price * 3), `${(product.price * 3).toFixed(2)}`);
    await screenshot('cart');
  });

  step('applies the promo code WELCOME10', async () => {
    const subtotal = product.price * 3;
    const discount = Math.round(subtotal * 10) / 100; // 10 %
    await field('Promo code').fill('WELCOME10');
    await button('Apply promo code').click();
    await expectText('cart-discount', (t) => /\d/.test(t) && cents(money(t)) === cents(discount), discount.toFixed(2));
    await expectText('cart-total', (t) => /\d/.test(t) && cents(money(t)) === cents(subtotal - discount), (subtotal - discount).toFixed(2));
    await screenshot('cart-promo');
  });

  step('checks out with an address', async () => {
    await button('Checkout').click();
    await visible(byTestId('checkout-screen'), 'checkout-screen');
    for (const [name, value] of Object.entries(address)) await field(name).fill(value);
    await screenshot('checkout');
    await button('Place order').click();
    await expectUrl(/\/orders\/[^/?#]+$/);
    orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    await visible(byTestId('order-screen'), 'order-screen');
    log(`order ${orderId}`);
  });

  step('sees the order progress to delivered', async () => {
    const order = ['placed', 'confirmed', 'packed', 'shipped', 'delivered'];
    // The workflow takes the payment, then waits ORDER_STEP_SECONDS before packing, shipping and delivering.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const text = (await textOf('order-status').catch(() => '')).toLowerCase();
      const status = order.find((s) => text.includes(s)) ?? (text.includes('cancel') ? 'cancelled' : null);
      if (status && status !== seenStatuses.at(-1)) {
        seenStatuses.push(status);
        log(`order status: ${status}`);
        await screenshot(`order-${status}`);
      }
      if (status === 'delivered' || status === 'cancelled') break;
      await page.waitForTimeout(250);
    }
    assert.equal(seenStatuses.at(-1), 'delivered', `the order should reach delivered; seen: ${seenStatuses.join(' → ')}`);
    const positions = seenStatuses.map((s) => order.indexOf(s));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `statuses in order: ${seenStatuses.join(' → ')}`);
    assert.ok(seenStatuses.length >= 2, `the shopper should see the order move (seen: ${seenStatuses.join(' → ')})`);
  });

  step('sees the order in the order list', async () => {
    await goTab('Orders', 'orders-screen');
    await visible(byTestId('orders-screen').getByText(/delivered/i).first(), 'a delivered order in the list');
    await screenshot('orders');
  });

  step('sees the unread notifications and reads them', async () => {
    const badge = byTestId('unread-count').first();
    await visible(badge, 'the unread badge');
    const unread = money(await badge.innerText());
    assert.ok(unread >= 1, `the badge should count unread notifications (${unread})`);
    log(`unread notifications: ${unread}`);
    await screenshot('notifications-badge');
    await goTab('Notifications', 'notifications-screen');
    const screen = byTestId('notifications-screen');
    await visible(screen.getByText(/your order was delivered/i).first(), 'the delivery notification');
    await visible(screen.getByText(new RegExp(`${escape(product.name)} was added to your wishlist`, 'i')).first(), 'the wishlist notification');
    await screenshot('notifications');
  });

  it(`loads the home screen, interactive, in Chromium (median of ${PAGE_LOADS} fresh page loads)`, async (t) => {
    if (!environment) { t.skip('no environment'); return; }
    const names = (await api('/api/products?limit=20')).items.map((p) => p.name);
    const ready = names.map((n) => `[data-testid="home-screen"] [aria-label^=${cssString(n)}]`).join(', ');
    const runs = [];
    for (let i = 0; i < PAGE_LOADS; i += 1) {
      const fresh = await launchBrowser(); // a new profile: empty cache, no storage, a guest
      try {
        // Records the moment home-screen shows a product card, from navigation start (performance.now()).
        await fresh.page.addInitScript((selector) => {
          const check = () => {
            if (window.__bstoreHomeReady) return;
            const cardElement = document.querySelector(selector);
            if (cardElement && cardElement.getBoundingClientRect().height > 0) {
              window.__bstoreHomeReady = performance.now();
              observer.disconnect();
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document, { childList: true, subtree: true, attributes: true });
        }, ready);
        await fresh.page.goto(`${environment.webUrl}/`, { waitUntil: 'commit' });
        await fresh.page.waitForFunction(() => window.__bstoreHomeReady, null, { timeout: 60_000, polling: 100 });
        const run = await fresh.page.evaluate(() => {
          const [nav] = performance.getEntriesByType('navigation');
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          return {
            homeInteractiveMs: Math.round(window.__bstoreHomeReady),
            firstContentfulPaintMs: paint ? Math.round(paint.startTime) : null,
            domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
            loadMs: Math.round(nav.loadEventEnd),
            transferredBytes: performance.getEntriesByType('resource').reduce((n, r) => n + (r.transferSize || 0), nav.transferSize || 0),
          };
        });
        // Interactive: the card responds to the pointer (it opens the product).
        runs.push(run);
        log(`page load ${i + 1}: home interactive after ${run.homeInteractiveMs} ms (FCP ${run.firstContentfulPaintMs} ms, DOMContentLoaded ${run.domContentLoadedMs} ms)`);
        if (i === 0) {
          await fresh.page.locator(ready).first().click();
          await fresh.page.getByTestId('product-screen').waitFor({ state: 'visible', timeout: WAIT });
        }
      } finally {
        await fresh.close();
      }
    }
    const sorted = runs.map((r) => r.homeInteractiveMs).sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    record.pageLoad = {
      measuredAt: new Date().toISOString(),
      what: 'navigation start → home-screen visible with a product card, fresh Chromium profile each time (guest, empty cache), local environment',
      browser: browser?.version,
      url: `${environment.webUrl}/`,
      medianHomeInteractiveMs: median,
      runs,
    };
    console.error(`page load to interactive home screen: median ${median} ms over ${runs.length} loads (${sorted.join(', ')} ms)`);
    assert.ok(median < 30_000, 'the home screen should be interactive within 30 s');
  });
});
