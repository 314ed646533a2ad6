import { StyleSheet, Text, View } from 'react-native';

import type { CartLine } from '@/api/types';
import { Button } from '@/ui/Button';
import { formatPrice } from '@/ui/format';
import { ProductImage } from '@/ui/ProductImage';
import { QuantityStepper } from '@/ui/QuantityStepper';
import { colors, space, text } from '@/ui/theme';
import { maxLineQuantity } from './guestCartSlice';
import { SwipeToDelete } from './SwipeToDelete';

interface Props {
  line: CartLine;
  currency: string;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
}

const statusText = {
  ok: null,
  insufficient_stock: (available: number) => `Only ${available} left: lower the quantity to check out.`,
  unavailable: () => 'No longer sold: remove it to check out.',
} as const;

export function CartLineRow({ line, currency, onQuantity, onRemove }: Props) {
  const name = line.name ?? line.productId;
  const problem = line.status === 'ok' ? null : statusText[line.status](line.availableQuantity);
  return (
    <SwipeToDelete onDelete={onRemove} label={`Delete: ${name}`}>
      <View style={styles.row}>
        <ProductImage uri={line.imageUrl} style={styles.image} />
        <View style={styles.details}>
          <Text style={styles.name}>{name}</Text>
          <Text style={text.muted}>{formatPrice(line.unitPrice, currency)} each</Text>
          {problem ? <Text style={[text.muted, { color: colors.danger }]}>{problem}</Text> : null}
          <View style={styles.controls}>
            <QuantityStepper
              testID={`cart-quantity-${line.productId}`}
              value={line.quantity}
              max={Math.max(line.quantity, Math.min(line.availableQuantity, maxLineQuantity))}
              onChange={onQuantity}
              labelSuffix={`: ${name}`}
              disabled={line.status === 'unavailable'}
            />
            <Button title="Remove" accessibilityLabel={`Remove: ${name}`} variant="link" compact onPress={onRemove} />
          </View>
        </View>
        <Text style={styles.total}>{formatPrice(line.lineTotal, currency)}</Text>
      </View>
    </SwipeToDelete>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', gap: space.m, padding: space.m, backgroundColor: colors.background, borderBottomWidth: 1, borderBottomColor: colors.border },
  image: { width: 72, height: 72, borderRadius: 8 },
  details: { flex: 1, gap: 2 },
  name: { fontSize: 15, fontWeight: '600', color: colors.text },
  controls: { flexDirection: 'row', alignItems: 'center', gap: space.m, marginTop: space.xs, flexWrap: 'wrap' },
  total: { fontSize: 15, fontWeight: '700', color: colors.text },
});
