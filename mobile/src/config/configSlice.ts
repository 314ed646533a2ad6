import { createAsyncThunk, createSlice } from '@reduxjs/toolkit';

import type { ClientConfig } from '@/api/types';
import { hydrate } from '@/store/hydrate';
import { apiUrl, reachable } from './apiUrl';

export interface ConfigState {
  value: ClientConfig | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
}

const initialState: ConfigState = { value: null, status: 'idle' };

/** Reads GET /api/config; the app cannot talk to the API or Cognito before it has it. */
export const loadConfig = createAsyncThunk('config/load', async (): Promise<ClientConfig> => {
  const response = await fetch(`${apiUrl}/api/config`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`config answered ${response.status}`);
  const config = (await response.json()) as ClientConfig;
  return {
    ...config,
    apiBaseUrl: reachable(config.apiBaseUrl.replace(/\/+$/, '')),
    imagesBaseUrl: reachable(config.imagesBaseUrl),
    cognito: { ...config.cognito, endpoint: config.cognito.endpoint && reachable(config.cognito.endpoint) },
  };
});

export const configSlice = createSlice({
  name: 'config',
  initialState,
  reducers: {},
  extraReducers: (builder) =>
    builder
      .addCase(loadConfig.pending, (state) => {
        state.status = 'loading';
      })
      .addCase(loadConfig.fulfilled, (state, action) => {
        state.value = action.payload;
        state.status = 'ready';
      })
      .addCase(loadConfig.rejected, (state) => {
        // Offline start: the configuration saved last time is good enough to browse the saved catalog.
        state.status = state.value ? 'ready' : 'failed';
      })
      .addCase(hydrate, (state, action) => {
        if (action.payload.config && !state.value) state.value = action.payload.config;
      }),
});

export function cognitoUrl(config: ClientConfig): string {
  return config.cognito.endpoint ?? `https://cognito-idp.${config.region}.amazonaws.com/`;
}
