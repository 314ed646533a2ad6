import { screen, waitFor } from '@testing-library/react-native';
import { Text } from 'react-native';

import type { NotificationPage } from '@/api/types';
import { TabIcon } from '@/features/navigation/TabIcon';
import { mockFetch, recorded } from '@test/http';
import { press } from '@test/press';
import { renderWithStore } from '@test/render';
import { NotificationsScreen } from '../NotificationsScreen';
import { useUnreadCount } from '../useUnreadCount';

const inbox = recorded('notifications').body as NotificationPage;
const inboxPath = /^\/api\/notifications\?limit=20/;

function Badge() {
  return <TabIcon name="notifications-outline" color="#000" badge={useUnreadCount()} />;
}

describe('NotificationsScreen', () => {
  it('asks a guest to sign in', async () => {
    await renderWithStore(<NotificationsScreen />);
    expect(screen.getByText('Sign in to see your notifications.')).toBeTruthy();
  });

  it('shows loading, then each notification as a list item with its text', async () => {
    mockFetch([{ path: inboxPath, reply: recorded('notifications'), delay: 50 }]);
    await renderWithStore(<NotificationsScreen />, { signedIn: true });
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByText(inbox.items[0].message)).toBeTruthy();
    expect(screen.getByTestId('notifications-screen')).toBeTruthy();
    // A list item (ARIA listitem on the web) groups the text with its Mark read button.
    for (const item of inbox.items) {
      const row = screen.getByTestId(`notification-${item.id}`);
      expect(row.props.role).toBe('listitem');
      expect(row).toHaveTextContent(new RegExp(item.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    expect(screen.getByText(`${inbox.unreadCount} unread`)).toBeTruthy();
  });

  it('marks one and all as read', async () => {
    const http = mockFetch([
      { path: inboxPath, reply: recorded('notifications') },
      { method: 'POST', path: `/api/notifications/${inbox.items[0].id}/read`, reply: recorded('notification-read') },
      { method: 'POST', path: '/api/notifications/read-all', reply: recorded('notifications-read-all') },
    ]);
    await renderWithStore(<NotificationsScreen />, { signedIn: true });
    await screen.findByText(inbox.items[0].message);
    await press(`Mark as read: ${inbox.items[0].message}`);
    await press('Mark all as read');
    await waitFor(() => expect(http.to('POST', '/api/notifications/read-all')).toHaveLength(1));
    expect(http.to('POST', `/api/notifications/${inbox.items[0].id}/read`)).toHaveLength(1);
    await waitFor(() => expect(http.to('GET', inboxPath).length).toBeGreaterThanOrEqual(2));
  });

  it('shows an empty inbox', async () => {
    mockFetch([{ path: inboxPath, reply: recorded('notifications-empty') }]);
    await renderWithStore(<NotificationsScreen />, { signedIn: true });
    expect(await screen.findByText(/No notifications yet/)).toBeTruthy();
    expect(screen.getByText('All caught up.')).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    mockFetch([{ path: inboxPath, reply: 'offline' }]);
    await renderWithStore(<NotificationsScreen />, { signedIn: true });
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
  });
});

describe('unread badge', () => {
  it('shows the unread count as text for a signed-in shopper', async () => {
    mockFetch([{ path: inboxPath, reply: recorded('notifications') }]);
    await renderWithStore(<Badge />, { signedIn: true });
    expect(await screen.findByTestId('unread-count')).toHaveTextContent(String(inbox.unreadCount));
  });

  it('shows no badge without unread notifications or without an account', async () => {
    mockFetch([{ path: inboxPath, reply: recorded('notifications-empty') }]);
    await renderWithStore(<Badge />, { signedIn: true });
    await renderWithStore(<><Badge /><Text>guest</Text></>);
    expect(screen.queryByTestId('unread-count')).toBeNull();
  });
});
