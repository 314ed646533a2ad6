import { screen, waitFor } from '@testing-library/react-native';
import { router } from 'expo-router';

import { backgroundRoutes, mockFetch, recorded } from '@test/http';
import { press } from '@test/press';
import { renderWithStore } from '@test/render';
import { WishlistScreen } from '../WishlistScreen';

describe('WishlistScreen', () => {
  it('asks a guest to sign in', async () => {
    await renderWithStore(<WishlistScreen />);
    expect(screen.getByTestId('wishlist-screen')).toBeTruthy();
    expect(screen.getByText('Sign in to keep a wishlist.')).toBeTruthy();
    await press('Go to the sign-in page');
    expect(router.push).toHaveBeenCalledWith({ pathname: '/sign-in', params: { next: '/wishlist' } });
  });

  it('shows loading, then the saved products', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/wishlist', reply: recorded('wishlist'), delay: 50 }]);
    await renderWithStore(<WishlistScreen />, { signedIn: true });
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Vitamin C Brightening Serum, $34.90' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Aloe Cooling Body Gel, $13.50' })).toBeTruthy();
    await press('Vitamin C Brightening Serum, $34.90', 'link');
    expect(router.push).toHaveBeenCalledWith('/product/vitamin-c-brightening-serum');
  });

  it('removes a product and moves one to the cart', async () => {
    const http = mockFetch([
      ...backgroundRoutes,
      { path: '/api/wishlist', reply: recorded('wishlist') },
      { method: 'DELETE', path: '/api/wishlist/vitamin-c-brightening-serum', reply: recorded('wishlist-delete') },
      { method: 'POST', path: '/api/wishlist/aloe-cooling-body-gel/move-to-cart', reply: recorded('wishlist-move') },
    ]);
    await renderWithStore(<WishlistScreen />, { signedIn: true });
    await press(await screen.findByRole('button', { name: 'Remove from wishlist: Vitamin C Brightening Serum' }).then(() => 'Remove from wishlist: Vitamin C Brightening Serum'));
    await press('Move to cart: Aloe Cooling Body Gel');
    await waitFor(() => expect(http.to('POST', '/api/wishlist/aloe-cooling-body-gel/move-to-cart')).toHaveLength(1));
    expect(http.to('DELETE', '/api/wishlist/vitamin-c-brightening-serum')).toHaveLength(1);
  });

  it('shows an empty wishlist', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/wishlist', reply: recorded('wishlist-empty') }]);
    await renderWithStore(<WishlistScreen />, { signedIn: true });
    expect(await screen.findByText(/Your wishlist is empty/)).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/wishlist', reply: 'offline' }]);
    await renderWithStore(<WishlistScreen />, { signedIn: true });
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
