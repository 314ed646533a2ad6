import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';

import type { Notification } from '@/api/types';
import { SignInRequired } from '@/features/auth/SignInRequired';
import { useSignedIn } from '@/features/auth/useAuth';
import { Button } from '@/ui/Button';
import { formatDate } from '@/ui/format';
import { Screen } from '@/ui/Screen';
import { EmptyState, ErrorState, InlineError, Loading, StaleNotice } from '@/ui/States';
import { colors, space, text } from '@/ui/theme';
import { useGetNotificationsInfiniteQuery, useMarkAllReadMutation, useMarkReadMutation } from './api';

export function NotificationsScreen() {
  const signedIn = useSignedIn();
  return (
    <Screen testID="notifications-screen">
      {signedIn ? <Inbox /> : <SignInRequired message="Sign in to see your notifications." next="/notifications" />}
    </Screen>
  );
}

function Inbox() {
  const inbox = useGetNotificationsInfiniteQuery();
  const [markRead, reading] = useMarkReadMutation();
  const [markAllRead, readingAll] = useMarkAllReadMutation();
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = inbox.data?.pages[0]?.unreadCount ?? 0;

  if (inbox.isLoading) return <Loading label="Loading notifications…" />;
  if (!inbox.data) return <ErrorState error={inbox.error} onRetry={inbox.refetch} />;
  return (
    <FlatList
      data={items}
      role="list"
      keyExtractor={(item) => item.id}
      refreshing={inbox.isFetching && !inbox.isFetchingNextPage}
      onRefresh={inbox.refetch}
      onEndReached={() => {
        if (inbox.hasNextPage && !inbox.isFetchingNextPage) inbox.fetchNextPage();
      }}
      ListHeaderComponent={
        <View style={styles.header}>
          {inbox.isError ? <StaleNotice error={inbox.error} /> : null}
          <InlineError error={reading.error ?? readingAll.error} />
          <Text style={text.muted}>{unread === 0 ? 'All caught up.' : `${unread} unread`}</Text>
          {unread > 0 ? <Button title="Mark all as read" variant="secondary" compact busy={readingAll.isLoading} onPress={() => markAllRead()} /> : null}
        </View>
      }
      ListEmptyComponent={<EmptyState message="No notifications yet. Changes to your cart, wishlist and orders show up here." />}
      renderItem={({ item }) => <NotificationRow item={item} onRead={() => markRead(item.id)} />}
    />
  );
}

function NotificationRow({ item, onRead }: { item: Notification; onRead: () => void }) {
  return (
    <View role="listitem" testID={`notification-${item.id}`} style={[styles.row, !item.read && styles.unread]}>
      <View style={styles.grow}>
        <Text style={[text.body, !item.read && styles.bold]}>{item.message}</Text>
        <Text style={text.muted}>
          {formatDate(item.at)}
          {item.read ? '' : ' · Unread'}
        </Text>
      </View>
      {item.read ? null : (
        <Pressable accessibilityRole="button" accessibilityLabel={`Mark as read: ${item.message}`} onPress={onRead} style={styles.mark}>
          <Text style={styles.markText}>Mark read</Text>
        </Pressable>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  header: { padding: space.m, gap: space.s, alignItems: 'flex-start' },
  row: { flexDirection: 'row', gap: space.m, padding: space.l, borderBottomWidth: 1, borderBottomColor: colors.border, alignItems: 'center' },
  unread: { backgroundColor: colors.surface },
  grow: { flex: 1, gap: 2 },
  bold: { fontWeight: '700' },
  mark: { minHeight: 44, justifyContent: 'center', paddingHorizontal: space.s },
  markText: { color: colors.primary, textDecorationLine: 'underline', fontSize: 14 },
});
