import * as Crypto from 'expo-crypto';
import { router } from 'expo-router';
import { useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { fieldErrors, isApiError } from '@/api/problems';
import type { ShippingAddress } from '@/api/types';
import { SignInRequired } from '@/features/auth/SignInRequired';
import { useSignedIn } from '@/features/auth/useAuth';
import { useGetCartQuery } from '@/features/cart/api';
import { CartTotals } from '@/features/cart/CartTotals';
import { usePromotion } from '@/features/cart/usePromotion';
import { useAppDispatch, useAppSelector } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { formatPrice } from '@/ui/format';
import { Screen } from '@/ui/Screen';
import { EmptyState, ErrorState, InlineError, Loading } from '@/ui/States';
import { TextField } from '@/ui/TextField';
import { space, text } from '@/ui/theme';
import { usePlaceOrderMutation } from './api';
import { checkoutKeyRetired, checkoutStarted, orderPlaced } from './checkoutSlice';

type Field = keyof ShippingAddress;

const fields: { key: Field; label: string; required: boolean; autoComplete?: 'name' | 'address-line1' | 'address-line2' | 'postal-code' | 'tel' }[] = [
  { key: 'fullName', label: 'Full name', required: true, autoComplete: 'name' },
  { key: 'line1', label: 'Address line 1', required: true, autoComplete: 'address-line1' },
  { key: 'line2', label: 'Address line 2', required: false, autoComplete: 'address-line2' },
  { key: 'city', label: 'City', required: true },
  { key: 'region', label: 'Region', required: false },
  { key: 'postalCode', label: 'Postal code', required: true, autoComplete: 'postal-code' },
  { key: 'country', label: 'Country', required: true },
  { key: 'phone', label: 'Phone', required: false, autoComplete: 'tel' },
];

export function validateAddress(address: Record<Field, string>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const { key, label, required } of fields) {
    if (required && !address[key].trim()) errors[key] = `Enter your ${label.toLowerCase()}.`;
  }
  if (address.country.trim() && !/^[A-Z]{2}$/.test(address.country.trim())) {
    errors.country = 'Use the two-letter country code, such as US or FR.';
  }
  if (address.phone.trim() && !/^[0-9+ ()-]{1,30}$/.test(address.phone.trim())) {
    errors.phone = 'Use digits, spaces and + - ( ) only.';
  }
  return errors;
}

export function CheckoutScreen() {
  const signedIn = useSignedIn();
  return (
    <Screen testID="checkout-screen" scroll>
      {signedIn ? <Checkout /> : <SignInRequired message="Sign in to check out." next="/checkout" />}
    </Screen>
  );
}

function Checkout() {
  const dispatch = useAppDispatch();
  const idempotencyKey = useAppSelector((state) => state.checkout.idempotencyKey);
  const cart = useGetCartQuery();
  const { code, discount } = usePromotion();
  const [placeOrder, placing] = usePlaceOrderMutation();
  const [address, setAddress] = useState<Record<Field, string>>(
    { fullName: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: '', phone: '' },
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  useEffect(() => {
    if (!idempotencyKey) dispatch(checkoutStarted(Crypto.randomUUID()));
  }, [dispatch, idempotencyKey]);

  if (cart.isLoading) return <Loading label="Loading your cart…" />;
  if (!cart.data) return <ErrorState error={cart.error} onRetry={cart.refetch} />;
  if (cart.data.lines.length === 0) return <EmptyState message="Your cart is empty." />;
  const currency = cart.data.currency ?? 'USD';

  async function submit() {
    const found = validateAddress(address);
    setErrors(found);
    if (Object.keys(found).length > 0 || !idempotencyKey) return;
    const optional = (value: string) => value.trim() || undefined;
    const shippingAddress: ShippingAddress = {
      fullName: address.fullName.trim(),
      line1: address.line1.trim(),
      line2: optional(address.line2),
      city: address.city.trim(),
      region: optional(address.region),
      postalCode: address.postalCode.trim(),
      country: address.country.trim(),
      phone: optional(address.phone),
    };
    try {
      // Only a code the cart showed as taking something off goes with the order.
      const promoCode = code && discount > 0 ? code : undefined;
      const order = await placeOrder({ idempotencyKey, order: { shippingAddress, promoCode } }).unwrap();
      dispatch(orderPlaced());
      router.replace(`/orders/${order.id}`);
    } catch (error) {
      setErrors(fieldErrors(error) as Partial<Record<Field, string>>);
      // Only an answer saying the key went with other details needs a new key; anything else retries with this one.
      if (isApiError(error) && error.status === 422 && !fieldErrors(error).promoCode) dispatch(checkoutKeyRetired());
    }
  }

  return (
    <>
      <Text style={text.title} accessibilityRole="header">
        Checkout
      </Text>
      <Text style={text.heading} accessibilityRole="header">
        Shipping address
      </Text>
      {fields.map(({ key, label, autoComplete }) => (
        <TextField
          key={key}
          label={label}
          value={address[key]}
          error={errors[key]}
          autoComplete={autoComplete}
          autoCapitalize={key === 'country' ? 'characters' : 'words'}
          maxLength={key === 'country' ? 2 : undefined}
          onChangeText={(value) => setAddress({ ...address, [key]: key === 'country' ? value.toUpperCase() : value })}
        />
      ))}
      <Text style={text.heading} accessibilityRole="header">
        Review
      </Text>
      {cart.data.lines.map((line) => (
        <View key={line.productId} style={styles.line}>
          <Text style={[text.body, styles.grow]}>
            {line.quantity} × {line.name ?? line.productId}
          </Text>
          <Text style={text.body}>{formatPrice(line.lineTotal, currency)}</Text>
        </View>
      ))}
      {code && discount > 0 ? <Text style={text.muted}>Promo code {code}</Text> : null}
      <CartTotals subtotal={cart.data.subtotal} discount={discount} currency={currency} testIDPrefix="checkout" />
      <InlineError error={placing.error} />
      <Button title="Place order" busy={placing.isLoading} onPress={submit} />
    </>
  );
}

const styles = StyleSheet.create({
  line: { flexDirection: 'row', justifyContent: 'space-between', gap: space.m },
  grow: { flex: 1 },
});
