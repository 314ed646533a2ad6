import { router } from 'expo-router';
import { FlatList, StyleSheet, View } from 'react-native';

import { useSignedIn } from '@/features/auth/useAuth';
import { Button } from '@/ui/Button';
import { Screen } from '@/ui/Screen';
import { EmptyState, ErrorState, InlineError, Loading, StaleNotice } from '@/ui/States';
import { space } from '@/ui/theme';
import { CartLineRow } from './CartLineRow';
import { CartTotals } from './CartTotals';
import { PromoCodeForm } from './PromoCodeForm';
import { useCartView } from './useCartView';
import { usePromotion } from './usePromotion';

export function CartScreen() {
  const signedIn = useSignedIn();
  const cart = useCartView();
  const { discount } = usePromotion();
  const canCheckout = cart.lines.length > 0 && cart.lines.every((line) => line.status === 'ok');

  let body;
  if (cart.isLoading) body = <Loading label="Loading your cart…" />;
  else if (cart.error && cart.lines.length === 0) body = <ErrorState error={cart.error} onRetry={cart.refetch} />;
  else if (cart.lines.length === 0)
    body = <EmptyState message="Your cart is empty." action={<Button title="Browse products" variant="secondary" onPress={() => router.navigate('/')} />} />;
  else
    body = (
      <FlatList
        data={cart.lines}
        keyExtractor={(line) => line.productId}
        renderItem={({ item }) => (
          <CartLineRow
            line={item}
            currency={cart.currency}
            onQuantity={(quantity) => cart.setQuantity(item.productId, quantity)}
            onRemove={() => cart.remove(item.productId)}
          />
        )}
        ListHeaderComponent={cart.error ? <StaleNotice error={cart.error} /> : null}
        ListFooterComponent={
          <View style={styles.footer}>
            <InlineError error={cart.changeError} />
            <PromoCodeForm />
            <CartTotals subtotal={cart.subtotal} discount={discount} currency={cart.currency} />
            <Button
              title="Checkout"
              disabled={!canCheckout}
              onPress={() => (signedIn ? router.push('/checkout') : router.push({ pathname: '/sign-in', params: { next: '/checkout' } }))}
            />
          </View>
        }
      />
    );

  return <Screen testID="cart-screen">{body}</Screen>;
}

const styles = StyleSheet.create({
  footer: { padding: space.l, gap: space.m },
});
