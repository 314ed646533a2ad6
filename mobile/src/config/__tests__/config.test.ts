import { mockFetch, recorded } from '@test/http';
import { makeStore } from '@/store/store';
import { hydrate } from '@/store/hydrate';
import type { ClientConfig } from '@/api/types';
import { reachable } from '../apiUrl';
import { cognitoUrl, loadConfig } from '../configSlice';

const config = recorded('config').body as ClientConfig;

describe('configuration', () => {
  it('reads GET /api/config from EXPO_PUBLIC_API_URL (default http://127.0.0.1:5080)', async () => {
    const http = mockFetch([{ path: '/api/config', reply: recorded('config') }]);
    const store = makeStore();
    await store.dispatch(loadConfig());
    expect(http.calls[0].url).toBe('http://127.0.0.1:5080/api/config');
    expect(store.getState().config).toEqual({ status: 'ready', value: config });
  });

  it('fails without a saved configuration, and starts offline with one', async () => {
    mockFetch([{ path: '/api/config', reply: 'offline' }]);
    const fresh = makeStore();
    await fresh.dispatch(loadConfig());
    expect(fresh.getState().config.status).toBe('failed');

    const saved = makeStore();
    saved.dispatch(hydrate({ config }));
    await saved.dispatch(loadConfig());
    expect(saved.getState().config).toEqual({ status: 'ready', value: config });
  });

  it('uses the Cognito endpoint when there is one, else the regional address', () => {
    expect(cognitoUrl(config)).toBe(config.cognito.endpoint);
    expect(cognitoUrl({ ...config, region: 'eu-west-1', cognito: { ...config.cognito, endpoint: null } })).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/',
    );
  });

  it('points loopback addresses at the host a phone reached the API by', () => {
    expect(reachable('http://127.0.0.1:5000/bstore-images/a.svg', 'http://192.168.1.20:5080')).toBe(
      'http://192.168.1.20:5000/bstore-images/a.svg',
    );
    expect(reachable('http://127.0.0.1:5000/x', 'http://127.0.0.1:5080')).toBe('http://127.0.0.1:5000/x');
    expect(reachable('https://cdn.example.com/x.svg', 'http://192.168.1.20:5080')).toBe('https://cdn.example.com/x.svg');
  });
});
