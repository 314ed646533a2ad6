import { router } from 'expo-router';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import type { ProductSummary } from '@/api/types';
import { WishlistButton } from '@/features/wishlist/WishlistButton';
import { availabilityText, formatPrice } from '@/ui/format';
import { ProductImage } from '@/ui/ProductImage';
import { colors, space, text } from '@/ui/theme';

export function ratingText({ average, count }: ProductSummary['rating']): string {
  return average === null ? 'No reviews yet' : `Rated ${average} out of 5 (${count} ${count === 1 ? 'review' : 'reviews'})`;
}

export function ProductCard({ product }: { product: ProductSummary }) {
  const price = formatPrice(product.price, product.currency);
  return (
    <View style={styles.card}>
      <Pressable
        accessibilityRole="link"
        accessibilityLabel={`${product.name}, ${product.brand}, ${price}, ${availabilityText[product.availability]}`}
        onPress={() => router.push(`/product/${product.id}`)}
        style={({ pressed }) => [styles.body, pressed && { opacity: 0.85 }]}
      >
        <ProductImage uri={product.imageUrl} style={styles.image} />
        <Text style={text.muted} numberOfLines={1}>
          {product.brand}
        </Text>
        <Text style={styles.name} numberOfLines={2}>
          {product.name}
        </Text>
        <Text style={styles.price}>{price}</Text>
        {product.availability === 'in_stock' ? null : (
          <Text style={[text.muted, { color: colors.warning }]}>{availabilityText[product.availability]}</Text>
        )}
      </Pressable>
      <View style={styles.heart}>
        <WishlistButton productId={product.id} productName={product.name} />
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  card: { flex: 1, margin: space.s, maxWidth: 360 },
  body: { borderRadius: 12, borderWidth: 1, borderColor: colors.border, padding: space.s, gap: 2, backgroundColor: colors.background },
  image: { width: '100%', aspectRatio: 1, borderRadius: 8, marginBottom: space.s },
  name: { fontSize: 15, fontWeight: '600', color: colors.text, minHeight: 38 },
  price: { fontSize: 15, fontWeight: '700', color: colors.primary },
  heart: { position: 'absolute', top: space.m, right: space.m },
});
