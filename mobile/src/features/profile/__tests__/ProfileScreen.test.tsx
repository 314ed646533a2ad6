import { screen, waitFor } from '@testing-library/react-native';
import { router } from 'expo-router';

import { mockFetch, recorded } from '@test/http';
import { press } from '@test/press';
import { renderWithStore } from '@test/render';
import { ProfileScreen } from '../ProfileScreen';

describe('ProfileScreen', () => {
  it('shows the account and signs out', async () => {
    const http = mockFetch([{ method: 'POST', path: 'cognito:GlobalSignOut', reply: recorded('cognito-signout') }]);
    const { store } = await renderWithStore(<ProfileScreen />, { signedIn: true });
    expect(screen.getByTestId('profile-screen')).toBeTruthy();
    expect(screen.getByText('Signed in as ana@example.com')).toBeTruthy();
    await press('Sign out');
    await waitFor(() => expect(store.getState().auth.status).toBe('signedOut'));
    expect(http.to('POST', 'cognito:GlobalSignOut')).toHaveLength(1);
    expect(await screen.findByRole('button', { name: 'Go to the sign-in page' })).toBeTruthy();
  });

  it('signs out on the device even when Cognito cannot be reached', async () => {
    mockFetch([{ method: 'POST', path: 'cognito:GlobalSignOut', reply: 'offline' }]);
    const { store } = await renderWithStore(<ProfileScreen />, { signedIn: true });
    await press('Sign out');
    await waitFor(() => expect(store.getState().auth.status).toBe('signedOut'));
  });

  it('invites a guest to sign in or sign up', async () => {
    await renderWithStore(<ProfileScreen />);
    await press('Sign up');
    expect(router.push).toHaveBeenCalledWith('/sign-up');
  });
});
