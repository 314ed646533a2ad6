import { fireEvent, screen } from '@testing-library/react-native';
import { router } from 'expo-router';

import { mockFetch, recorded } from '@test/http';
import { renderWithStore } from '@test/render';
import { HomeScreen } from '../HomeScreen';

const categories = { path: '/api/categories', reply: recorded('categories') };

describe('HomeScreen', () => {
  it('shows a loading state, then the product grid with names, brands and prices', async () => {
    mockFetch([categories, { path: /^\/api\/products\?/, reply: recorded('products-page1') }]);
    await renderWithStore(<HomeScreen />);
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByRole('link', { name: /^After-Sun Soothing Lotion, Tidewell, \$15\.00/ })).toBeTruthy();
    expect(screen.getByTestId('home-screen')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add to wishlist: Aloe Cooling Body Gel' })).toBeTruthy();
  });
});
