import { useSignedIn } from '@/features/auth/useAuth';
import { useGetNotificationsInfiniteQuery } from './api';

/** How often the inbox is read again for the tab's badge. */
export const inboxPollMs = 20_000;

export function useUnreadCount(): number {
  const signedIn = useSignedIn();
  const { data } = useGetNotificationsInfiniteQuery(undefined, { skip: !signedIn, pollingInterval: inboxPollMs });
  return signedIn ? (data?.pages[0]?.unreadCount ?? 0) : 0;
}
