import type { BaseQueryFn } from '@reduxjs/toolkit/query';

import { sessionEnded } from '@/features/auth/authSlice';
import { validAccessToken } from '@/features/auth/session';
import type { RootState } from '@/store/store';
import type { ApiError } from './problems';
import type { Problem } from './types';

export interface ApiRequest {
  url: string;
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * fetch against the configured API: adds the shopper's access token (refreshed first when it is
 * about to expire), reads JSON and RFC 7807 problems, and signs the shopper out on a 401.
 */
export const baseQuery: BaseQueryFn<ApiRequest | string, unknown, ApiError> = async (request, api) => {
  const { url, method = 'GET', body, headers = {} } = typeof request === 'string' ? { url: request } : request;
  const state = api.getState() as RootState;
  const base = state.config.value?.apiBaseUrl;
  if (!base) return { error: { status: 'offline' } };

  const token = await validAccessToken(api.dispatch, api.getState as () => RootState);
  let response: Response;
  try {
    response = await fetch(base + url, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { error: { status: 'offline' } };
  }

  const text = await response.text().catch(() => '');
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { title: text };
  }
  if (response.ok) return { data };
  if (response.status === 401 && token) api.dispatch(sessionEnded());
  return { error: { status: response.status, problem: (data ?? {}) as Problem } };
};
