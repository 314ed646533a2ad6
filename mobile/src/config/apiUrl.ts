/** Where the API lives; the only setting baked into a build. Everything else comes from GET /api/config. */
export const apiUrl = (process.env.EXPO_PUBLIC_API_URL ?? 'http://127.0.0.1:5080').replace(/\/+$/, '');

const loopback = /^(https?:\/\/)(127\.0\.0\.1|localhost)(?=[:/]|$)/i;

/**
 * The local environment answers with 127.0.0.1 addresses. A phone that reaches the API by the
 * machine's LAN address must use that address for them too; on AWS nothing is rewritten.
 */
export function reachable(url: string, base: string = apiUrl): string {
  const host = /^https?:\/\/([^:/]+)/i.exec(base)?.[1];
  if (!host || loopback.test(base)) return url;
  return url.replace(loopback, `$1${host}`);
}
