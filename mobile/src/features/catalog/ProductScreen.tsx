import { router, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';

import { useAddToCart } from '@/features/cart/useAddToCart';
import { maxLineQuantity } from '@/features/cart/guestCartSlice';
import { WishlistButton } from '@/features/wishlist/WishlistButton';
import { Button } from '@/ui/Button';
import { availabilityText, formatPrice } from '@/ui/format';
import { ProductImage } from '@/ui/ProductImage';
import { QuantityStepper } from '@/ui/QuantityStepper';
import { Screen } from '@/ui/Screen';
import { ErrorState, InlineError, Loading, StaleNotice } from '@/ui/States';
import { colors, space, text } from '@/ui/theme';
import { useGetProductQuery } from './api';
import { ratingText } from './ProductCard';
import { Reviews } from './Reviews';

export function ProductScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const product = useGetProductQuery(id);
  const { addToCart, isLoading: adding, error: addError } = useAddToCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string | null>(null);

  if (product.isLoading) return <Loading label="Loading product…" />;
  if (!product.data) return <ErrorState error={product.error} onRetry={product.refetch} />;
  const p = product.data;
  const max = Math.min(p.availableQuantity, maxLineQuantity);
  const soldOut = p.availability === 'out_of_stock' || max < 1;

  async function add() {
    setAdded(null);
    try {
      await addToCart(p, quantity);
      setAdded(`Added ${quantity} to your cart.`);
    } catch {
      // the mutation's error is shown below the button
    }
  }

  return (
    <Screen testID="product-screen" scroll>
      {product.isError ? <StaleNotice error={product.error} /> : null}
      <ScrollView horizontal pagingEnabled accessibilityLabel={`Pictures of ${p.name}`}>
        {p.imageUrls.map((uri) => (
          <ProductImage key={uri} uri={uri} style={styles.image} />
        ))}
      </ScrollView>
      <Text style={text.muted}>{p.brand}</Text>
      <View style={styles.titleRow}>
        <Text style={[text.title, styles.name]} accessibilityRole="header">
          {p.name}
        </Text>
        <WishlistButton productId={p.id} />
      </View>
      <Text style={styles.price}>{formatPrice(p.price, p.currency)}</Text>
      <Text style={[text.body, { color: soldOut ? colors.danger : p.availability === 'low_stock' ? colors.warning : colors.success }]}>
        {availabilityText[p.availability]}
        {soldOut ? '' : ` · ${p.availableQuantity} available`}
      </Text>
      <Text style={text.muted}>{ratingText(p.rating)}</Text>
      <Text style={text.body}>{p.description}</Text>
      <View style={styles.buy}>
        <QuantityStepper testID="quantity" value={quantity} max={Math.max(1, max)} onChange={setQuantity} disabled={soldOut} />
        <View style={styles.add}>
          <Button title="Add to cart" busy={adding} disabled={soldOut} onPress={add} />
        </View>
      </View>
      <InlineError error={addError} />
      {added ? (
        <View style={styles.added}>
          <Text accessibilityLiveRegion="polite" style={[text.body, { color: colors.success }]}>
            {added}
          </Text>
          <Button title="View cart" variant="link" onPress={() => router.push('/cart')} />
        </View>
      ) : null}
      <Reviews productId={p.id} />
    </Screen>
  );
}

const styles = StyleSheet.create({
  image: { width: 320, height: 320, borderRadius: 12, marginRight: space.s },
  titleRow: { flexDirection: 'row', alignItems: 'center', gap: space.s },
  name: { flex: 1 },
  price: { fontSize: 20, fontWeight: '700', color: colors.primary },
  buy: { flexDirection: 'row', alignItems: 'center', gap: space.m, flexWrap: 'wrap' },
  add: { flex: 1, minWidth: 160 },
  added: { flexDirection: 'row', alignItems: 'center', gap: space.s },
});
