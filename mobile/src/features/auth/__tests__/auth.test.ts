import * as SecureStore from 'expo-secure-store';

import { backgroundRoutes, mockFetch, recorded } from '@test/http';
import { makeTestStore, session } from '@test/render';
import { cartApi } from '@/features/cart/api';
import { authSlice, sessionEnded } from '../authSlice';
import { confirmSignUp, forgotPassword, resetPassword, restoreSession, signIn, signOut, signUp } from '../authThunks';

const credentials = { email: 'Ana@Example.com ', password: 'Lipstick-Red-42' };

describe('auth slice', () => {
  it('ends a session with a notice, which the next sign-in clears', () => {
    let state = authSlice.reducer(undefined, authSlice.actions.signedIn(session));
    state = authSlice.reducer(state, sessionEnded());
    expect(state).toMatchObject({ status: 'signedOut', session: null, notice: 'Your session has ended. Please sign in again.' });
    expect(authSlice.reducer(state, sessionEnded()).notice).toBe(state.notice);
    expect(authSlice.reducer(state, authSlice.actions.signedIn(session)).notice).toBeNull();
  });
});

describe('auth thunks (Cognito JSON API)', () => {
  it('signs in with USER_PASSWORD_AUTH and keeps the tokens in secure storage', async () => {
    const http = mockFetch([{ method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin') }]);
    const store = makeTestStore();
    await store.dispatch(signIn(credentials)).unwrap();

    const [call] = http.to('POST', 'cognito:InitiateAuth');
    expect(call.url).toBe('http://127.0.0.1:5100');
    expect(call.headers['Content-Type']).toBe('application/x-amz-json-1.1');
    expect(call.body).toMatchObject({
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana@example.com', PASSWORD: 'Lipstick-Red-42' },
    });
    const { auth } = store.getState();
    expect(auth.status).toBe('signedIn');
    expect(auth.session?.refreshToken).toBe((recorded('cognito-signin').body as { AuthenticationResult: { RefreshToken: string } }).AuthenticationResult.RefreshToken);
    expect(JSON.parse((await SecureStore.getItemAsync('bstore.session'))!)).toEqual(auth.session);
  });

  it('says a wrong password in words', async () => {
    mockFetch([{ method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin-wrong') }]);
    const store = makeTestStore();
    await expect(store.dispatch(signIn(credentials)).unwrap()).rejects.toMatchObject({
      message: 'The email or password is not right.',
      code: 'NotAuthorizedException',
    });
    expect(store.getState().auth.status).toBe('signedOut');
  });

  it('signs up, then confirming signs in with the password it kept', async () => {
    const http = mockFetch([
      { method: 'POST', path: 'cognito:SignUp', reply: recorded('cognito-signup') },
      { method: 'POST', path: 'cognito:ConfirmSignUp', reply: recorded('cognito-confirm') },
      { method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin') },
    ]);
    const store = makeTestStore();
    await store.dispatch(signUp(credentials)).unwrap();
    expect(http.to('POST', 'cognito:SignUp')[0].body).toMatchObject({
      ClientId: '015f4bb27240431689c2a33f42',
      Username: 'ana@example.com',
      UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }],
    });
    await expect(store.dispatch(confirmSignUp({ email: 'ana@example.com', code: ' 123456 ' })).unwrap()).resolves.toBe(true);
    expect(http.to('POST', 'cognito:ConfirmSignUp')[0].body).toMatchObject({ ConfirmationCode: '123456' });
    expect(store.getState().auth).toMatchObject({ status: 'signedIn', pendingSignUp: null });
  });

  it('reports an existing account on sign-up', async () => {
    mockFetch([{ method: 'POST', path: 'cognito:SignUp', reply: recorded('cognito-signup-exists') }]);
    await expect(makeTestStore().dispatch(signUp(credentials)).unwrap()).rejects.toMatchObject({
      message: 'An account with this email already exists. Sign in instead.',
    });
  });

  it('resets a forgotten password with the emailed code, then signs in', async () => {
    const http = mockFetch([
      { method: 'POST', path: 'cognito:ForgotPassword', reply: recorded('cognito-forgot') },
      { method: 'POST', path: 'cognito:ConfirmForgotPassword', reply: { status: 200, body: {} } },
      { method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin') },
    ]);
    const store = makeTestStore();
    await store.dispatch(forgotPassword('ana@example.com')).unwrap();
    await store.dispatch(resetPassword({ email: 'ana@example.com', code: '654321', password: 'Lipstick-Pink-43' })).unwrap();
    expect(http.to('POST', 'cognito:ConfirmForgotPassword')[0].body).toMatchObject({
      Username: 'ana@example.com',
      ConfirmationCode: '654321',
      Password: 'Lipstick-Pink-43',
    });
    expect(store.getState().auth.status).toBe('signedIn');
  });

  it('signs out with GlobalSignOut, forgets the tokens and the shopper data', async () => {
    const http = mockFetch([
      { method: 'POST', path: 'cognito:GlobalSignOut', reply: recorded('cognito-signout') },
      { path: '/api/cart', reply: recorded('cart') },
      ...backgroundRoutes,
    ]);
    const store = makeTestStore({ signedIn: true });
    await store.dispatch(cartApi.endpoints.getCart.initiate());
    await store.dispatch(signOut()).unwrap();
    expect(http.to('POST', 'cognito:GlobalSignOut')[0].body).toEqual({ AccessToken: 'access-token' });
    expect(store.getState().auth.status).toBe('signedOut');
    expect(cartApi.endpoints.getCart.select()(store.getState()).data).toBeUndefined();
    expect(await SecureStore.getItemAsync('bstore.session')).toBeNull();
  });

  it('restores a saved session at start-up', async () => {
    await SecureStore.setItemAsync('bstore.session', JSON.stringify(session));
    const store = makeTestStore();
    await store.dispatch(restoreSession());
    expect(store.getState().auth).toMatchObject({ status: 'signedIn', session });
  });
});
