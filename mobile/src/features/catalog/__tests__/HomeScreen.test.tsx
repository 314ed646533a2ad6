import { fireEvent, screen, waitFor } from '@testing-library/react-native';
import { router } from 'expo-router';

import { backgroundRoutes, mockFetch, recorded } from '@test/http';
import { press, type } from '@test/press';
import { renderWithStore } from '@test/render';
import { HomeScreen } from '../HomeScreen';

const categories = { path: '/api/categories', reply: recorded('categories') };
const firstPage = { path: /^\/api\/products\?sort=name&limit=20$/, reply: recorded('products-page1') };

describe('HomeScreen', () => {
  it('shows a loading state, then the product grid with names, brands and prices', async () => {
    mockFetch([categories, { ...firstPage, delay: 50 }]);
    await renderWithStore(<HomeScreen />);
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByRole('link', { name: /^After-Sun Soothing Lotion, Tidewell, \$15\.00/ })).toBeTruthy();
    expect(screen.getByTestId('home-screen')).toBeTruthy();
    expect(screen.getAllByRole('link')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Add to wishlist: Aloe Cooling Body Gel' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Category: Skin Care' })).toBeTruthy();
    await press(/^After-Sun Soothing Lotion/, 'link');
    expect(router.push).toHaveBeenCalledWith('/product/after-sun-soothing-lotion');
  });

  it('searches as the shopper types, once the typing pauses', async () => {
    const http = mockFetch([
      categories,
      firstPage,
      { path: /^\/api\/products\?sort=name&limit=20&q=serum$/, reply: recorded('products-search-serum') },
    ]);
    await renderWithStore(<HomeScreen />);
    await screen.findByRole('link', { name: /^After-Sun/ });
    await type('Search products', 's');
    await type('Search products', 'ser');
    await type('Search products', 'serum');
    expect(await screen.findByRole('link', { name: /^Niacinamide Pore Refining Serum/ })).toBeTruthy();
    expect(http.to('GET', /q=/).map((c) => c.path)).toEqual(['/api/products?sort=name&limit=20&q=serum']);
  });

  it('filters by category and sorts', async () => {
    const http = mockFetch([categories, { path: /^\/api\/products\?/, reply: recorded('products-page1') }]);
    await renderWithStore(<HomeScreen />);
    await screen.findByRole('link', { name: /^After-Sun/ });
    await press('Category: Skin Care');
    await waitFor(() => expect(http.to('GET', /category=skin-care/)).toHaveLength(1));
    await press('Sort');
    await press('Sort by Price: low to high', 'menuitem');
    await waitFor(() => expect(http.to('GET', /sort=price_asc&limit=20&category=skin-care/)).toHaveLength(1));
  });

  it('loads the next page with the cursor at the end of the list', async () => {
    const page1 = recorded('products-page1');
    const cursor = (page1.body as { nextCursor: string }).nextCursor;
    const http = mockFetch([categories, firstPage, { path: /cursor=/, reply: recorded('products-page2') }]);
    await renderWithStore(<HomeScreen />);
    await screen.findByRole('link', { name: /^After-Sun/ });
    const grid = screen.getByTestId('product-grid');
    await fireEvent(grid, 'layout', { nativeEvent: { layout: { x: 0, y: 0, width: 400, height: 800 } } });
    await fireEvent(grid, 'contentSizeChange', 1000, 1600);
    await fireEvent.scroll(grid, {
      nativeEvent: { contentOffset: { x: 0, y: 800 }, contentSize: { width: 400, height: 1600 }, layoutMeasurement: { width: 400, height: 800 } },
    });
    expect(await screen.findByRole('link', { name: /^Baume à Lèvres Rosé/ })).toBeTruthy();
    expect(http.to('GET', /cursor=/)[0].path).toBe(`/api/products?sort=name&limit=20&cursor=${encodeURIComponent(cursor)}`);
    expect(screen.getAllByRole('link')).toHaveLength(8);
  });

  it('says when nothing matches', async () => {
    mockFetch([categories, { path: /^\/api\/products\?/, reply: recorded('products-empty') }]);
    await renderWithStore(<HomeScreen />);
    expect(await screen.findByText('No products in this category yet.')).toBeTruthy();
  });

  it('shows an error with a retry when the catalog cannot be reached', async () => {
    const http = mockFetch([
      categories,
      { path: /^\/api\/products\?/, reply: 'offline', times: 1 },
      { path: /^\/api\/products\?/, reply: recorded('products-page1') },
    ]);
    await renderWithStore(<HomeScreen />);
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    await press('Try again');
    expect(await screen.findByRole('link', { name: /^After-Sun/ })).toBeTruthy();
    expect(http.to('GET', /^\/api\/products/)).toHaveLength(2);
  });

  it('shows which products are in the signed-in shopper’s wishlist and toggles the heart', async () => {
    const http = mockFetch([
      categories,
      firstPage,
      ...backgroundRoutes,
      { path: '/api/wishlist', reply: recorded('wishlist') },
      { method: 'PUT', path: '/api/wishlist/after-sun-soothing-lotion', reply: recorded('wishlist-put') },
      { method: 'DELETE', path: '/api/wishlist/aloe-cooling-body-gel', reply: recorded('wishlist-delete') },
    ]);
    await renderWithStore(<HomeScreen />, { signedIn: true });
    expect(await screen.findByRole('button', { name: 'Remove from wishlist: Aloe Cooling Body Gel' })).toBeTruthy();
    await press('Add to wishlist: After-Sun Soothing Lotion');
    await press('Remove from wishlist: Aloe Cooling Body Gel');
    await waitFor(() => expect(http.to('DELETE', '/api/wishlist/aloe-cooling-body-gel')).toHaveLength(1));
    expect(http.to('PUT', '/api/wishlist/after-sun-soothing-lotion')[0].headers.Authorization).toBe('Bearer access-token');
  });

  it('sends a guest who taps a heart to sign in', async () => {
    mockFetch([categories, firstPage]);
    await renderWithStore(<HomeScreen />);
    await press(/^Add to wishlist: After-Sun/);
    expect(router.push).toHaveBeenCalledWith({ pathname: '/sign-in', params: { next: '/product/after-sun-soothing-lotion' } });
  });
});
