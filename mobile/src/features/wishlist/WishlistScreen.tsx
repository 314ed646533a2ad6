import { router } from 'expo-router';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';

import { SignInRequired } from '@/features/auth/SignInRequired';
import { useSignedIn } from '@/features/auth/useAuth';
import { Button } from '@/ui/Button';
import { availabilityText, formatPrice } from '@/ui/format';
import { ProductImage } from '@/ui/ProductImage';
import { Screen } from '@/ui/Screen';
import { EmptyState, ErrorState, InlineError, Loading, StaleNotice } from '@/ui/States';
import { colors, space, text } from '@/ui/theme';
import { useGetWishlistQuery, useMoveToCartMutation, useRemoveFromWishlistMutation } from './api';

export function WishlistScreen() {
  const signedIn = useSignedIn();
  return <Screen testID="wishlist-screen">{signedIn ? <Wishlist /> : <SignInRequired message="Sign in to keep a wishlist." next="/wishlist" />}</Screen>;
}

function Wishlist() {
  const wishlist = useGetWishlistQuery();
  const [remove, removal] = useRemoveFromWishlistMutation();
  const [moveToCart, move] = useMoveToCartMutation();

  if (wishlist.isLoading) return <Loading label="Loading your wishlist…" />;
  if (!wishlist.data) return <ErrorState error={wishlist.error} onRetry={wishlist.refetch} />;
  if (wishlist.data.items.length === 0) {
    return <EmptyState message="Your wishlist is empty. Tap the heart on a product to save it here." />;
  }
  return (
    <FlatList
      data={wishlist.data.items}
      keyExtractor={(item) => item.productId}
      refreshing={wishlist.isFetching}
      onRefresh={wishlist.refetch}
      ListHeaderComponent={
        <>
          {wishlist.isError ? <StaleNotice error={wishlist.error} /> : null}
          <InlineError error={removal.error ?? move.error} />
        </>
      }
      renderItem={({ item }) => (
        <View style={styles.row}>
          <Pressable
            accessibilityRole="link"
            accessibilityLabel={`${item.name}, ${formatPrice(item.price, item.currency)}`}
            onPress={() => router.push(`/product/${item.productId}`)}
            style={styles.product}
          >
            <ProductImage uri={item.imageUrl} style={styles.image} />
            <View style={styles.details}>
              <Text style={text.muted}>{item.brand}</Text>
              <Text style={styles.name}>{item.name}</Text>
              <Text style={text.body}>{formatPrice(item.price, item.currency)}</Text>
              <Text style={text.muted}>{availabilityText[item.availability]}</Text>
            </View>
          </Pressable>
          <View style={styles.actions}>
            <Button
              title="Move to cart"
              accessibilityLabel={`Move to cart: ${item.name}`}
              compact
              disabled={item.availability === 'out_of_stock'}
              onPress={() => moveToCart(item.productId)}
            />
            <Button title="Remove" accessibilityLabel={`Remove from wishlist: ${item.name}`} compact variant="link" onPress={() => remove(item.productId)} />
          </View>
        </View>
      )}
    />
  );
}

const styles = StyleSheet.create({
  row: { padding: space.m, gap: space.s, borderBottomWidth: 1, borderBottomColor: colors.border },
  product: { flexDirection: 'row', gap: space.m },
  image: { width: 72, height: 72, borderRadius: 8 },
  details: { flex: 1, gap: 2 },
  name: { fontSize: 15, fontWeight: '600', color: colors.text },
  actions: { flexDirection: 'row', gap: space.s, justifyContent: 'flex-end' },
});
