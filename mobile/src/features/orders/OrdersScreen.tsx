import { router } from 'expo-router';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';

import { SignInRequired } from '@/features/auth/SignInRequired';
import { useSignedIn } from '@/features/auth/useAuth';
import { formatDate, formatPrice } from '@/ui/format';
import { Screen } from '@/ui/Screen';
import { EmptyState, ErrorState, Loading, StaleNotice } from '@/ui/States';
import { colors, space, text } from '@/ui/theme';
import { useGetOrdersQuery } from './api';
import { statusLabel } from './statusText';

export function OrdersScreen() {
  const signedIn = useSignedIn();
  return <Screen testID="orders-screen">{signedIn ? <Orders /> : <SignInRequired message="Sign in to see your orders." next="/orders" />}</Screen>;
}

function Orders() {
  const orders = useGetOrdersQuery(undefined, { refetchOnMountOrArgChange: true });
  if (orders.isLoading) return <Loading label="Loading your orders…" />;
  if (!orders.data) return <ErrorState error={orders.error} onRetry={orders.refetch} />;
  return (
    <FlatList
      data={orders.data.items}
      keyExtractor={(order) => order.id}
      refreshing={orders.isFetching}
      onRefresh={orders.refetch}
      ListHeaderComponent={orders.isError ? <StaleNotice error={orders.error} /> : null}
      ListEmptyComponent={<EmptyState message="You have no orders yet." />}
      renderItem={({ item }) => {
        const summary = `Order of ${formatDate(item.createdAt)}, ${item.itemCount} ${item.itemCount === 1 ? 'item' : 'items'}, ${formatPrice(item.total, item.currency)}, ${statusLabel[item.status]}`;
        return (
          <Pressable accessibilityRole="link" accessibilityLabel={summary} onPress={() => router.push(`/orders/${item.id}`)} style={styles.row}>
            <View style={styles.details}>
              <Text style={styles.date}>{formatDate(item.createdAt)}</Text>
              <Text style={text.muted}>
                {item.itemCount} {item.itemCount === 1 ? 'item' : 'items'} · {formatPrice(item.total, item.currency)}
              </Text>
            </View>
            <Text style={[styles.status, item.status === 'cancelled' && { color: colors.danger }]}>{statusLabel[item.status]}</Text>
          </Pressable>
        );
      }}
    />
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', padding: space.l, borderBottomWidth: 1, borderBottomColor: colors.border },
  details: { flex: 1, gap: 2 },
  date: { fontSize: 15, fontWeight: '600', color: colors.text },
  status: { fontSize: 15, fontWeight: '700', color: colors.primary },
});
