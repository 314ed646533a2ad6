import { screen, waitFor } from '@testing-library/react-native';
import { useLocalSearchParams } from 'expo-router';

import type { ProductDetail } from '@/api/types';
import { backgroundRoutes, mockFetch, recorded } from '@test/http';
import { press } from '@test/press';
import { renderWithStore } from '@test/render';
import { ProductScreen } from '../ProductScreen';

const id = 'vitamin-c-brightening-serum';
const product = recorded('product').body as ProductDetail;
const productRoute = { path: `/api/products/${id}`, reply: recorded('product') };
const reviewsRoute = { path: `/api/products/${id}/reviews?limit=10`, reply: recorded('reviews') };

beforeEach(() => (useLocalSearchParams as jest.Mock).mockReturnValue({ id }));

describe('ProductScreen', () => {
  it('shows loading, then brand, price, availability, rating, description and reviews', async () => {
    mockFetch([{ ...productRoute, delay: 50 }, reviewsRoute]);
    await renderWithStore(<ProductScreen />);
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByTestId('product-screen')).toBeTruthy();
    expect(screen.getByRole('header', { name: 'Vitamin C Brightening Serum' })).toBeTruthy();
    expect(screen.getByText('Lumière Lab')).toBeTruthy();
    expect(screen.getByText('$34.90')).toBeTruthy();
    expect(screen.getByText(`In stock · ${product.availableQuantity} available`)).toBeTruthy();
    expect(screen.getByText(product.description)).toBeTruthy();
    expect(await screen.findByText('Brighter in two weeks')).toBeTruthy();
    expect(screen.getByLabelText('4 out of 5 stars')).toBeTruthy();
  });

  it('bounds the quantity by the stock', async () => {
    mockFetch([{ path: `/api/products/${id}`, reply: { status: 200, body: { ...product, availableQuantity: 2, availability: 'low_stock' } } }, reviewsRoute]);
    await renderWithStore(<ProductScreen />);
    await screen.findByTestId('product-screen');
    expect(screen.getByTestId('quantity')).toHaveTextContent('1');
    expect(screen.getByRole('button', { name: 'Decrease quantity' })).toBeDisabled();
    await press('Increase quantity');
    expect(screen.getByTestId('quantity')).toHaveTextContent('2');
    expect(screen.getByRole('button', { name: 'Increase quantity' })).toBeDisabled();
    expect(screen.getByText('Only a few left · 2 available')).toBeTruthy();
  });

  it('cannot add a sold-out product', async () => {
    mockFetch([{ path: `/api/products/${id}`, reply: { status: 200, body: { ...product, availableQuantity: 0, availability: 'out_of_stock' } } }, reviewsRoute]);
    await renderWithStore(<ProductScreen />);
    expect(await screen.findByText('Out of stock')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add to cart' })).toBeDisabled();
  });

  it('adds to the guest cart on the device', async () => {
    mockFetch([productRoute, reviewsRoute]);
    const { store } = await renderWithStore(<ProductScreen />);
    await screen.findByTestId('product-screen');
    await press('Increase quantity');
    await press('Add to cart');
    expect(await screen.findByText('Added 2 to your cart.')).toBeTruthy();
    expect(store.getState().guestCart.lines).toEqual([
      expect.objectContaining({ productId: id, quantity: 2, unitPrice: 34.9, availableQuantity: product.availableQuantity }),
    ]);
  });

  it('adds to the account cart on top of what is already there', async () => {
    const http = mockFetch([
      productRoute,
      reviewsRoute,
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart') },
      { path: '/api/wishlist', reply: recorded('wishlist') },
      { method: 'PUT', path: `/api/cart/items/${id}`, reply: recorded('cart-put') },
    ]);
    await renderWithStore(<ProductScreen />, { signedIn: true });
    expect(await screen.findByRole('button', { name: 'Remove from wishlist' })).toBeTruthy();
    await waitFor(() => expect(http.to('GET', '/api/cart')).toHaveLength(1));
    await press('Add to cart');
    expect(await screen.findByText('Added 1 to your cart.')).toBeTruthy();
    expect(http.to('PUT', `/api/cart/items/${id}`)[0].body).toEqual({ quantity: 3 });
  });

  it('says when the stock ran out meanwhile', async () => {
    mockFetch([
      productRoute,
      reviewsRoute,
      ...backgroundRoutes,
      { path: '/api/cart', reply: recorded('cart-empty') },
      { path: '/api/wishlist', reply: recorded('wishlist-empty') },
      { method: 'PUT', path: `/api/cart/items/${id}`, reply: recorded('cart-put-too-many') },
    ]);
    await renderWithStore(<ProductScreen />, { signedIn: true });
    await screen.findByTestId('product-screen');
    await press('Add to cart');
    expect(await screen.findByText(/^Only \d+ left in stock\.$/)).toBeTruthy();
  });

  it('shows a missing product in words', async () => {
    mockFetch([{ path: `/api/products/${id}`, reply: recorded('product-not-found') }, reviewsRoute]);
    await renderWithStore(<ProductScreen />);
    expect(await screen.findByText('Product not found.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
