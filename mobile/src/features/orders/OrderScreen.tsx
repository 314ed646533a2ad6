import { useLocalSearchParams } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { SignInRequired } from '@/features/auth/SignInRequired';
import { useSignedIn } from '@/features/auth/useAuth';
import { Button } from '@/ui/Button';
import { formatDate, formatPrice } from '@/ui/format';
import { Screen } from '@/ui/Screen';
import { ErrorState, InlineError, Loading, StaleNotice } from '@/ui/States';
import { colors, space, text } from '@/ui/theme';
import { useCancelOrderMutation, useGetOrderQuery } from './api';
import { StatusTimeline } from './StatusTimeline';
import { cancellable, inProgress, paymentLabel } from './statusText';

/** How often an order in progress is read again. */
export const orderPollMs = 5000;

export function OrderScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const signedIn = useSignedIn();
  if (!signedIn) {
    return (
      <Screen testID="order-screen">
        <SignInRequired message="Sign in to see this order." next={`/orders/${id}`} />
      </Screen>
    );
  }
  return <OrderDetail id={id} />;
}

function OrderDetail({ id }: { id: string }) {
  const probe = useGetOrderQuery(id);
  const order = useGetOrderQuery(id, { pollingInterval: probe.data && inProgress(probe.data.status) ? orderPollMs : 0 });
  const [cancel, cancellation] = useCancelOrderMutation();

  if (order.isLoading) return <Loading label="Loading your order…" />;
  if (!order.data) return <ErrorState error={order.error} onRetry={order.refetch} />;
  const o = order.data;
  return (
    <Screen testID="order-screen" scroll>
      {order.isError ? <StaleNotice error={order.error} /> : null}
      <Text style={text.title} accessibilityRole="header">
        Order of {formatDate(o.createdAt)}
      </Text>
      <Text style={text.body}>
        Status: <Text testID="order-status" style={styles.status}>{o.status}</Text>
      </Text>
      <StatusTimeline order={o} />
      {cancellable(o.status) ? <Button title="Cancel order" variant="danger" busy={cancellation.isLoading} onPress={() => cancel(o.id)} /> : null}
      <InlineError error={cancellation.error} />
      <Text style={text.heading} accessibilityRole="header">
        Items
      </Text>
      {o.lines.map((line) => (
        <View key={line.productId} style={styles.line}>
          <Text style={[text.body, styles.grow]}>
            {line.quantity} × {line.name}
          </Text>
          <Text style={text.body}>{formatPrice(line.lineTotal, o.currency)}</Text>
        </View>
      ))}
      <View style={styles.line}>
        <Text style={text.body}>Subtotal</Text>
        <Text style={text.body}>{formatPrice(o.subtotal, o.currency)}</Text>
      </View>
      {o.discount > 0 ? (
        <View style={styles.line}>
          <Text style={text.body}>Discount{o.promoCode ? ` (${o.promoCode})` : ''}</Text>
          <Text style={text.body}>−{formatPrice(o.discount, o.currency)}</Text>
        </View>
      ) : null}
      <View style={styles.line}>
        <Text style={text.heading}>Total</Text>
        <Text style={text.heading}>{formatPrice(o.total, o.currency)}</Text>
      </View>
      <Text style={text.heading} accessibilityRole="header">
        Shipping to
      </Text>
      <Text style={text.body}>
        {[o.shippingAddress.fullName, o.shippingAddress.line1, o.shippingAddress.line2, `${o.shippingAddress.postalCode} ${o.shippingAddress.city}`, o.shippingAddress.region, o.shippingAddress.country]
          .filter(Boolean)
          .join('\n')}
      </Text>
      <Text style={text.muted}>Payment: {paymentLabel[o.paymentStatus] ?? o.paymentStatus}</Text>
    </Screen>
  );
}

const styles = StyleSheet.create({
  status: { fontWeight: '700', color: colors.primary },
  line: { flexDirection: 'row', justifyContent: 'space-between', gap: space.m },
  grow: { flex: 1 },
});
