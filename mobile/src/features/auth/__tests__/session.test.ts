import { mockFetch, recorded } from '@test/http';
import { makeTestStore } from '@test/render';
import { cartApi } from '@/features/cart/api';
import { tokenRefreshed } from '../authSlice';

describe('the API base query and the session', () => {
  it('sends the access token to the API', async () => {
    const http = mockFetch([{ path: '/api/cart', reply: recorded('cart') }]);
    const store = makeTestStore({ signedIn: true });
    const result = await store.dispatch(cartApi.endpoints.getCart.initiate());
    expect(result.data?.itemCount).toBe(3);
    expect(http.calls[0].url).toBe('http://127.0.0.1:5180/api/cart');
    expect(http.calls[0].headers.Authorization).toBe('Bearer access-token');
  });

  it('refreshes the access token silently when it is about to expire', async () => {
    const http = mockFetch([
      { method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-refresh') },
      { path: '/api/cart', reply: recorded('cart') },
    ]);
    const store = makeTestStore({ signedIn: true });
    store.dispatch(tokenRefreshed({ accessToken: 'old-token', expiresAt: Date.now() + 10_000 }));
    await store.dispatch(cartApi.endpoints.getCart.initiate());

    expect(http.calls.map((c) => c.path)).toEqual(['cognito:InitiateAuth', '/api/cart']);
    expect(http.calls[0].body).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'refresh-token' } });
    const fresh = (recorded('cognito-refresh').body as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult.AccessToken;
    expect(http.calls[1].headers.Authorization).toBe(`Bearer ${fresh}`);
    expect(store.getState().auth.session?.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('signs out cleanly when the refresh token is refused', async () => {
    mockFetch([
      { method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin-wrong') },
      { path: '/api/cart', reply: recorded('cart-unauthorized') },
    ]);
    const store = makeTestStore({ signedIn: true });
    store.dispatch(tokenRefreshed({ accessToken: 'old-token', expiresAt: Date.now() - 1 }));
    await store.dispatch(cartApi.endpoints.getCart.initiate());
    expect(store.getState().auth).toMatchObject({ status: 'signedOut', notice: 'Your session has ended. Please sign in again.' });
  });

  it('signs out on a 401 from the API', async () => {
    mockFetch([{ path: '/api/cart', reply: recorded('cart-unauthorized') }]);
    const store = makeTestStore({ signedIn: true });
    await store.dispatch(cartApi.endpoints.getCart.initiate());
    // Signing out also forgets the shopper's cached answers, this 401 included.
    expect(store.getState().auth).toMatchObject({ status: 'signedOut', notice: 'Your session has ended. Please sign in again.' });
    expect(cartApi.endpoints.getCart.select()(store.getState()).status).toBe('uninitialized');
  });

  it('reports no connection as offline', async () => {
    mockFetch([{ path: '/api/cart', reply: 'offline' }]);
    const store = makeTestStore({ signedIn: true });
    const result = await store.dispatch(cartApi.endpoints.getCart.initiate());
    expect(result.error).toEqual({ status: 'offline' });
    expect(store.getState().auth.status).toBe('signedIn');
  });
});
