import type { ClientConfig } from '@/api/types';
import type { AppDispatch, RootState } from '@/store/store';
import { sessionEnded, tokenRefreshed, type Session } from './authSlice';
import { cognito, CognitoError, type Tokens } from './cognito';
import { clearSession, saveSession } from './tokenStorage';

/** Refresh this long before the access token expires. */
export const refreshMargin = 60_000;

let refreshing: Promise<string | null> | null = null;

export function sessionFrom(email: string, tokens: Tokens, refreshToken: string, now = Date.now()): Session {
  return { email, accessToken: tokens.AccessToken, refreshToken, expiresAt: now + tokens.ExpiresIn * 1000 };
}

/**
 * The access token to send: the current one, or a fresh one from REFRESH_TOKEN_AUTH when it is
 * about to expire (one refresh at a time). Null for a guest or when the session could not be renewed.
 */
export async function validAccessToken(dispatch: AppDispatch, getState: () => RootState): Promise<string | null> {
  const { session } = getState().auth;
  const config = getState().config.value;
  if (!session || !config) return null;
  if (session.expiresAt - Date.now() > refreshMargin) return session.accessToken;
  refreshing ??= refresh(session, config, dispatch).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refresh(session: Session, config: ClientConfig, dispatch: AppDispatch): Promise<string | null> {
  try {
    const { AuthenticationResult } = await cognito<{ AuthenticationResult: Tokens }>(config, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: session.refreshToken },
    });
    const renewed = sessionFrom(session.email, AuthenticationResult, session.refreshToken);
    await saveSession(renewed);
    dispatch(tokenRefreshed(renewed));
    return renewed.accessToken;
  } catch (error) {
    // Offline: keep the session and try again later; refused: the shopper must sign in again.
    if (error instanceof CognitoError && error.code === 'Offline') return session.accessToken;
    await clearSession();
    dispatch(sessionEnded());
    return null;
  }
}
