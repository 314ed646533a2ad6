import { screen, waitFor } from '@testing-library/react-native';
import { router } from 'expo-router';

import type { Cart } from '@/api/types';
import { backgroundRoutes, mockFetch, recorded } from '@test/http';
import { press, type } from '@test/press';
import { makeTestStore, renderWithStore } from '@test/render';
import { guestItemAdded } from '../guestCartSlice';
import { CartScreen } from '../CartScreen';

const cart = recorded('cart').body as Cart;
const serum = 'vitamin-c-brightening-serum';

describe('CartScreen (signed in)', () => {
  it('shows loading, then lines, totals and checkout', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: recorded('cart'), delay: 50 }]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByText('Vitamin C Brightening Serum')).toBeTruthy();
    expect(screen.getByTestId('cart-screen')).toBeTruthy();
    expect(screen.getByTestId(`cart-quantity-${serum}`)).toHaveTextContent('2');
    expect(screen.getByTestId('cart-subtotal')).toHaveTextContent('$89.75');
    expect(screen.getByTestId('cart-discount')).toHaveTextContent('$0.00');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$89.75');
    await press('Checkout');
    expect(router.push).toHaveBeenCalledWith('/checkout');
  });

  it('changes a quantity and removes a line through the API', async () => {
    const http = mockFetch([
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart') },
      { method: 'PUT', path: `/api/cart/items/${serum}`, reply: recorded('cart-put') },
      { method: 'DELETE', path: '/api/cart/items/argan-shine-hair-serum', reply: { status: 204 } },
    ]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    await screen.findByText('Vitamin C Brightening Serum');
    await press('Increase quantity: Vitamin C Brightening Serum');
    await waitFor(() => expect(http.to('PUT', `/api/cart/items/${serum}`)[0]?.body).toEqual({ quantity: 3 }));
    // The cart is read again after the change (here the recorded one comes back).
    await waitFor(() => expect(http.to('GET', '/api/cart')).toHaveLength(2));
    await press('Remove: Argan Shine Hair Serum');
    await waitFor(() => expect(http.to('DELETE', '/api/cart/items/argan-shine-hair-serum')).toHaveLength(1));
  });

  it('deletes a line swiped left', async () => {
    const http = mockFetch([
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart') },
      { method: 'DELETE', path: `/api/cart/items/${serum}`, reply: { status: 204 } },
    ]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    await screen.findByText('Vitamin C Brightening Serum');
    await press('Delete: Vitamin C Brightening Serum');
    await waitFor(() => expect(http.to('DELETE', `/api/cart/items/${serum}`)).toHaveLength(1));
  });

  it('undoes a quantity the stock cannot cover and says so', async () => {
    mockFetch([
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart') },
      { method: 'PUT', path: `/api/cart/items/${serum}`, reply: recorded('cart-put-too-many') },
    ]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    await screen.findByText('Vitamin C Brightening Serum');
    await press('Increase quantity: Vitamin C Brightening Serum');
    expect(await screen.findByText(/^Only \d+ left in stock\.$/)).toBeTruthy();
    expect(screen.getByTestId(`cart-quantity-${serum}`)).toHaveTextContent('2');
  });

  it('applies a promo code and shows the discount and total', async () => {
    const http = mockFetch([
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart') },
      { path: '/api/promotions/WELCOME10', reply: recorded('promotion') },
    ]);
    const { store } = await renderWithStore(<CartScreen />, { signedIn: true });
    await screen.findByText('Vitamin C Brightening Serum');
    await type('Promo code', 'welcome10');
    await press('Apply promo code');
    await waitFor(() => expect(screen.getByTestId('cart-discount')).toHaveTextContent('−$8.98'));
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$80.77');
    expect(screen.getByText('WELCOME10: 10% off your first order')).toBeTruthy();
    expect(store.getState().checkout.promoCode).toBe('WELCOME10');
    expect(http.to('GET', '/api/promotions/WELCOME10')).toHaveLength(1);
  });

  it('explains an expired or unknown promo code', async () => {
    mockFetch([
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart') },
      { path: '/api/promotions/SUMMER25', reply: recorded('promotion-expired') },
      { path: '/api/promotions/NOPE123', reply: recorded('promotion-unknown') },
    ]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    await screen.findByText('Vitamin C Brightening Serum');
    await type('Promo code', 'SUMMER25');
    await press('Apply promo code');
    expect(await screen.findByText('SUMMER25 expired on 2025-09-01.')).toBeTruthy();
    expect(screen.getByTestId('cart-discount')).toHaveTextContent('$0.00');
    await type('Promo code', 'NOPE123');
    await press('Apply promo code');
    expect(await screen.findByText('Unknown promo code.')).toBeTruthy();
  });

  it('blocks checkout while a line has more than the stock', async () => {
    const short: Cart = { ...cart, lines: cart.lines.map((l, i) => (i === 0 ? { ...l, status: 'insufficient_stock', availableQuantity: 0 } : l)) };
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: { status: 200, body: short } }]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    expect(await screen.findByText('Only 0 left: lower the quantity to check out.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Checkout' })).toBeDisabled();
  });

  it('shows an empty cart', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: recorded('cart-empty') }]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    expect(await screen.findByText('Your cart is empty.')).toBeTruthy();
    await press('Browse products');
    expect(router.navigate).toHaveBeenCalledWith('/');
  });

  it('shows an error with a retry', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: { status: 503, body: { title: 'Service Unavailable', status: 503 } } }]);
    await renderWithStore(<CartScreen />, { signedIn: true });
    expect(await screen.findByText('The store is having trouble right now. Please try again in a moment.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('CartScreen (guest)', () => {
  it('keeps the cart on the device, totals it and asks to sign in at checkout', async () => {
    const http = mockFetch([]);
    const store = makeTestStore();
    store.dispatch(guestItemAdded({ productId: serum, name: 'Vitamin C Brightening Serum', imageUrl: null, unitPrice: 34.9, currency: 'USD', quantity: 2, availableQuantity: 3 }));
    await renderWithStore(<CartScreen />, { store });
    expect(screen.getByTestId('cart-subtotal')).toHaveTextContent('$69.80');
    await press('Increase quantity: Vitamin C Brightening Serum');
    expect(screen.getByTestId(`cart-quantity-${serum}`)).toHaveTextContent('3');
    expect(screen.getByRole('button', { name: 'Increase quantity: Vitamin C Brightening Serum' })).toBeDisabled();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$104.70');
    await press('Apply promo code');
    expect(screen.getByText('Sign in to use a promo code.')).toBeTruthy();
    await press('Checkout');
    expect(router.push).toHaveBeenCalledWith({ pathname: '/sign-in', params: { next: '/checkout' } });
    await press('Remove: Vitamin C Brightening Serum');
    expect(screen.getByText('Your cart is empty.')).toBeTruthy();
    expect(http.calls).toHaveLength(0);
  });
});
