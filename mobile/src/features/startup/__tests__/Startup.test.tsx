import { screen, waitFor } from '@testing-library/react-native';
import { Text } from 'react-native';

import { makeStore } from '@/store/store';
import { mockFetch, recorded } from '@test/http';
import { press } from '@test/press';
import { renderWithStore } from '@test/render';
import { Startup } from '../Startup';

describe('Startup', () => {
  it('loads the configuration before showing the app', async () => {
    mockFetch([{ path: '/api/config', reply: recorded('config') }]);
    const store = makeStore();
    await renderWithStore(<Startup store={store}><Text>app</Text></Startup>, { store });
    expect(await screen.findByText('app')).toBeTruthy();
    expect(store.getState().config.value?.cognito.clientId).toBe('015f4bb27240431689c2a33f42');
    expect(store.getState().auth.status).toBe('signedOut');
  });

  it('offers a retry when the store cannot be reached on first start', async () => {
    const http = mockFetch([
      { path: '/api/config', reply: 'offline', times: 1 },
      { path: '/api/config', reply: recorded('config') },
    ]);
    const store = makeStore();
    await renderWithStore(<Startup store={store}><Text>app</Text></Startup>, { store });
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    await press('Try again');
    expect(await screen.findByText('app')).toBeTruthy();
    await waitFor(() => expect(http.calls).toHaveLength(2));
  });
});
