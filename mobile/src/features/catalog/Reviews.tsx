import { StyleSheet, Text, View } from 'react-native';

import { formatDate } from '@/ui/format';
import { InlineError } from '@/ui/States';
import { colors, space, text } from '@/ui/theme';
import { useGetReviewsQuery } from './api';

export function Reviews({ productId }: { productId: string }) {
  const { data, isLoading, error } = useGetReviewsQuery(productId);
  return (
    <View style={styles.section} testID="reviews">
      <Text style={text.heading} accessibilityRole="header">
        Reviews
      </Text>
      {isLoading ? <Text style={text.muted}>Loading reviews…</Text> : null}
      {!data && error ? <InlineError error={error} /> : null}
      {data && data.items.length === 0 ? <Text style={text.muted}>No reviews yet. Be the first after your order arrives.</Text> : null}
      {data?.items.map((review) => (
        <View key={`${review.displayName}-${review.createdAt}`} style={styles.review}>
          <Text style={text.body} accessibilityLabel={`${review.rating} out of 5 stars`}>
            {'★'.repeat(review.rating)}
            {'☆'.repeat(5 - review.rating)}
          </Text>
          <Text style={styles.title}>{review.title}</Text>
          <Text style={text.body}>{review.body}</Text>
          <Text style={text.muted}>
            {review.displayName}
            {review.verifiedPurchase ? ' · Verified purchase' : ''} · {formatDate(review.createdAt)}
          </Text>
        </View>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  section: { gap: space.s },
  review: { borderTopWidth: 1, borderTopColor: colors.border, paddingTop: space.s, gap: 2 },
  title: { fontSize: 15, fontWeight: '700', color: colors.text },
});
