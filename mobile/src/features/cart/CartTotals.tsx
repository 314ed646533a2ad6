import { StyleSheet, Text, View } from 'react-native';

import { formatPrice } from '@/ui/format';
import { colors, space, text } from '@/ui/theme';

interface Props {
  subtotal: number;
  discount: number;
  currency: string;
  /** testIDs are {prefix}-subtotal, {prefix}-discount, {prefix}-total. */
  testIDPrefix?: string;
}

export function CartTotals({ subtotal, discount, currency, testIDPrefix = 'cart' }: Props) {
  const total = Math.round((subtotal - discount) * 100) / 100;
  return (
    <View style={styles.totals}>
      <Row label="Subtotal" value={formatPrice(subtotal, currency)} testID={`${testIDPrefix}-subtotal`} />
      <Row label="Discount" value={discount > 0 ? `−${formatPrice(discount, currency)}` : formatPrice(0, currency)} testID={`${testIDPrefix}-discount`} />
      <Row label="Total" value={formatPrice(total, currency)} testID={`${testIDPrefix}-total`} strong />
    </View>
  );
}

function Row({ label, value, testID, strong }: { label: string; value: string; testID: string; strong?: boolean }) {
  return (
    <View style={styles.row}>
      <Text style={strong ? text.heading : text.body}>{label}</Text>
      <Text testID={testID} style={strong ? text.heading : text.body}>
        {value}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  totals: { gap: space.xs, paddingVertical: space.s, borderTopWidth: 1, borderTopColor: colors.border },
  row: { flexDirection: 'row', justifyContent: 'space-between' },
});
