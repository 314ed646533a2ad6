import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface Session {
  email: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops working. */
  expiresAt: number;
}

export interface AuthState {
  status: 'restoring' | 'signedOut' | 'signedIn';
  session: Session | null;
  /** Said once on the sign-in screen, e.g. why the shopper was signed out. */
  notice: string | null;
  /** Kept in memory between sign-up and confirmation, so confirming signs the shopper in. */
  pendingSignUp: { email: string; password: string } | null;
}

const initialState: AuthState = { status: 'restoring', session: null, notice: null, pendingSignUp: null };

export const authSlice = createSlice({
  name: 'auth',
  initialState,
  reducers: {
    restored(state, action: PayloadAction<Session | null>) {
      state.session = action.payload;
      state.status = action.payload ? 'signedIn' : 'signedOut';
    },
    signedIn(state, action: PayloadAction<Session>) {
      state.session = action.payload;
      state.status = 'signedIn';
      state.notice = null;
      state.pendingSignUp = null;
    },
    tokenRefreshed(state, action: PayloadAction<Pick<Session, 'accessToken' | 'expiresAt'>>) {
      if (state.session) Object.assign(state.session, action.payload);
    },
    signedOut(state) {
      state.session = null;
      state.status = 'signedOut';
    },
    /** The API or Cognito no longer accepts the tokens: sign out and say why. */
    sessionEnded(state) {
      if (state.status !== 'signedIn') return;
      state.session = null;
      state.status = 'signedOut';
      state.notice = 'Your session has ended. Please sign in again.';
    },
    signUpStarted(state, action: PayloadAction<{ email: string; password: string }>) {
      state.pendingSignUp = action.payload;
    },
  },
});

export const { restored, signedIn, tokenRefreshed, signedOut, sessionEnded, signUpStarted } = authSlice.actions;
