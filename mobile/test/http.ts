/** A fetch stand-in that answers like the API and Cognito, with the shapes recorded in fixtures/recorded. */
export interface Reply {
  status: number;
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Route {
  method?: string;
  /** Matched against the path and query (API) or `cognito:{Operation}` (Cognito). */
  path: string | RegExp;
  reply: Reply | 'offline' | ((request: RecordedRequest) => Reply | 'offline');
  /** Answer only this many times (then the next matching route answers). */
  times?: number;
  /** Answer after this many milliseconds, so a test can see the loading state. */
  delay?: number;
}

export function recorded(name: string): Reply {
  return require(`./fixtures/recorded/${name}.json`) as Reply;
}

export function mockFetch(routes: Route[]) {
  const calls: RecordedRequest[] = [];
  const used = new Map<Route, number>();
  const fetchMock = jest.fn(async (input: string, init: RequestInit = {}) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const target = headers['X-Amz-Target'];
    const url = String(input);
    const path = target ? `cognito:${target.split('.').pop()}` : url.replace(/^https?:\/\/[^/]+/, '');
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url,
      path,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    const route = routes.find(
      (r) =>
        (r.method ?? 'GET') === request.method &&
        (typeof r.path === 'string' ? r.path === path : r.path.test(path)) &&
        (r.times === undefined || (used.get(r) ?? 0) < r.times),
    );
    if (!route) throw new Error(`No mocked answer for ${request.method} ${path}`);
    used.set(route, (used.get(route) ?? 0) + 1);
    if (route.delay) await new Promise((resolve) => setTimeout(resolve, route.delay));
    const reply = typeof route.reply === 'function' ? route.reply(request) : route.reply;
    if (reply === 'offline') throw new TypeError('Network request failed');
    const text = reply.body === undefined || reply.body === null ? '' : JSON.stringify(reply.body);
    return {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      headers: { get: () => null },
      text: async () => text,
      json: async () => JSON.parse(text),
    };
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  return {
    calls,
    /** The requests made to one path (string: exact; RegExp: any matching). */
    to: (method: string, path: string | RegExp) =>
      calls.filter((c) => c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path))),
  };
}

/** Routes every signed-in screen needs in the background (the tab badge reads the inbox). */
export const backgroundRoutes: Route[] = [{ path: /^\/api\/notifications\?/, reply: recorded('notifications') }];
