import type { ClientConfig } from '@/api/types';
import { createAppThunk } from '@/store/hooks';
import { restored, signedIn, signedOut, signUpStarted } from './authSlice';
import { cognito, type Tokens } from './cognito';
import { sessionFrom } from './session';
import { clearSession, loadSession, saveSession } from './tokenStorage';

interface Credentials {
  email: string;
  password: string;
}

function configOf(state: { config: { value: ClientConfig | null } }): ClientConfig {
  if (!state.config.value) throw new Error("The store can't be reached. Check your connection and try again.");
  return state.config.value;
}

const username = (email: string) => email.trim().toLowerCase();

export const restoreSession = createAppThunk('auth/restore', async (_: void, { dispatch }) => {
  dispatch(restored(await loadSession().catch(() => null)));
});

export const signIn = createAppThunk('auth/signIn', async ({ email, password }: Credentials, { dispatch, getState }) => {
  const { AuthenticationResult } = await cognito<{ AuthenticationResult: Required<Tokens> }>(configOf(getState()), 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username(email), PASSWORD: password },
  });
  const session = sessionFrom(username(email), AuthenticationResult, AuthenticationResult.RefreshToken);
  await saveSession(session);
  dispatch(signedIn(session));
});

export const signUp = createAppThunk('auth/signUp', async ({ email, password }: Credentials, { dispatch, getState }) => {
  await cognito(configOf(getState()), 'SignUp', {
    Username: username(email),
    Password: password,
    UserAttributes: [{ Name: 'email', Value: username(email) }],
  });
  dispatch(signUpStarted({ email: username(email), password }));
});

/** Confirms the account; signs in straight away when the password is still in memory. Resolves true when signed in. */
export const confirmSignUp = createAppThunk(
  'auth/confirm',
  async ({ email, code }: { email: string; code: string }, { dispatch, getState }) => {
    await cognito(configOf(getState()), 'ConfirmSignUp', { Username: username(email), ConfirmationCode: code.trim() });
    const pending = getState().auth.pendingSignUp;
    if (pending?.email !== username(email)) return false;
    await dispatch(signIn(pending)).unwrap();
    return true;
  },
);

export const resendCode = createAppThunk('auth/resendCode', async (email: string, { getState }) => {
  await cognito(configOf(getState()), 'ResendConfirmationCode', { Username: username(email) });
});

export const forgotPassword = createAppThunk('auth/forgotPassword', async (email: string, { getState }) => {
  await cognito(configOf(getState()), 'ForgotPassword', { Username: username(email) });
});

export const resetPassword = createAppThunk(
  'auth/resetPassword',
  async ({ email, code, password }: Credentials & { code: string }, { dispatch, getState }) => {
    await cognito(configOf(getState()), 'ConfirmForgotPassword', {
      Username: username(email),
      ConfirmationCode: code.trim(),
      Password: password,
    });
    await dispatch(signIn({ email, password })).unwrap();
  },
);

/** Revokes the refresh tokens (best effort: offline still signs out here) and forgets the session. */
export const signOut = createAppThunk('auth/signOut', async (_: void, { dispatch, getState }) => {
  const { session } = getState().auth;
  const config = getState().config.value;
  if (session && config) {
    await cognito(config, 'GlobalSignOut', { AccessToken: session.accessToken }).catch(() => undefined);
  }
  await clearSession();
  dispatch(signedOut());
});
