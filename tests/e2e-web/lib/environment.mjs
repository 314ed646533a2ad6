// Starts the real local environment (the apphost: moto, seed, API, web build) for the end-to-end test and
// stops it afterwards, or uses one that is already running (BSTORE_E2E_WEB_URL + BSTORE_E2E_API_URL).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// The tests' own ports (the AppHost test prefers the same ones, so the web build made for them is made once);
// free ones when these are taken. Never the developer's defaults (5080, 5000, 8081), which may be running.
const preferred = { api: 5380, apiProcess: 5381, aws: 5300, web: 8381, dashboard: 15380, otlp: 15381, resources: 15382 };

function isFree(port) {
  return new Promise((done) => {
    const server = createServer().once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => done(port)); });
  });
}
async function choosePorts() {
  const ports = {};
  const everyPreferredFree = (await Promise.all(Object.values(preferred).map(isFree))).every(Boolean);
  for (const [name, port] of Object.entries(preferred)) ports[name] = everyPreferredFree ? port : await freePort();
  return ports;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForOk(url, deadline) {
  while (Date.now() < deadline) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not yet */ }
    await sleep(500);
  }
  throw new Error(`${url} did not answer 200 in time`);
}

/**
 * Starts `dotnet run --project apphost --no-build` with the given extra environment, waits for the
 * "BStore is running." banner and for the web app and the API to answer. Returns { webUrl, apiUrl, stop }.
 */
export async function startEnvironment({ env = {}, timeoutMs = 8 * 60_000, log = console.error } = {}) {
  if (process.env.BSTORE_E2E_WEB_URL) {
    const webUrl = process.env.BSTORE_E2E_WEB_URL.replace(/\/$/, '');
    const apiUrl = (process.env.BSTORE_E2E_API_URL ?? 'http://127.0.0.1:5080').replace(/\/$/, '');
    log(`using the running environment: web ${webUrl}, API ${apiUrl}`);
    return { webUrl, apiUrl, stop: async () => {} };
  }
  const ports = await choosePorts();
  const logDir = join(repositoryRoot, 'artifacts', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'e2e-apphost.log');
  const output = createWriteStream(logFile);
  const started = Date.now();
  log(`starting the apphost (API :${ports.api}, web :${ports.web}, local AWS :${ports.aws}); its output: ${logFile}`);
  const child = spawn('dotnet', ['run', '--project', 'apphost', '--no-build', '--no-launch-profile'], {
    cwd: repositoryRoot,
    detached: true, // its own process group, so stopping it reaches every process it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...env,
      DOTNET_ENVIRONMENT: 'Development',
      ASPNETCORE_ENVIRONMENT: 'Development',
      ASPNETCORE_URLS: `http://127.0.0.1:${ports.dashboard}`,
      ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL: `http://127.0.0.1:${ports.otlp}`,
      ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL: `http://127.0.0.1:${ports.resources}`,
      ASPIRE_ALLOW_UNSECURED_TRANSPORT: 'true',
      DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS: 'true',
      BSTORE_API_PORT: String(ports.api),
      BSTORE_API_PROCESS_PORT: String(ports.apiProcess),
      BSTORE_AWS_PORT: String(ports.aws),
      BSTORE_WEB_PORT: String(ports.web),
    },
  });
  // If this process is interrupted or dies, the environment goes with it.
  const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', () => { if (!exited) killGroup(); });
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { killGroup(); process.exit(130); });
  let exited = null;
  const exit = new Promise((done) => child.once('exit', (code, signal) => { exited = { code, signal }; done(exited); }));
  let banner = false;
  let tail = '';
  const watch = (chunk) => {
    output.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
    if (!banner && tail.includes('BStore is running.')) banner = true;
  };
  child.stdout.on('data', watch);
  child.stderr.on('data', watch);

  const stop = async () => {
    if (exited) return;
    const group = -child.pid;
    try { process.kill(group, 'SIGINT'); } catch { /* gone */ }
    const stopped = await Promise.race([exit, sleep(30_000).then(() => null)]);
    if (!stopped) {
      log('the apphost did not stop within 30 s of Ctrl-C: killing its process group');
      try { process.kill(group, 'SIGKILL'); } catch { /* gone */ }
      await Promise.race([exit, sleep(5_000)]);
    }
    output.end();
  };

  try {
    const deadline = started + timeoutMs;
    while (!banner) {
      if (exited) throw new Error(`the apphost exited (${JSON.stringify(exited)}) before it was running; last output:\n${tail}`);
      if (tail.includes('BStore could not start')) { await sleep(1000); throw new Error(`the apphost could not start:\n${tail}`); }
      if (Date.now() > deadline) throw new Error(`no "BStore is running." banner within ${timeoutMs / 1000} s; last output:\n${tail}`);
      await sleep(250);
    }
    const webUrl = `http://127.0.0.1:${ports.web}`;
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    await waitForOk(`${apiUrl}/api/config`, deadline); // the gateway: /health is the adapter's, not routed
    await waitForOk(`${webUrl}/`, deadline);
    log(`the environment is running after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { webUrl, apiUrl, ports, stop, startSeconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await stop();
    throw error;
  }
}
