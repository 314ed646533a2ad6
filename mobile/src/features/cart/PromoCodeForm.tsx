import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { useSignedIn } from '@/features/auth/useAuth';
import { promoApplied } from '@/features/orders/checkoutSlice';
import { useAppDispatch } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { InlineError } from '@/ui/States';
import { TextField } from '@/ui/TextField';
import { colors, space, text } from '@/ui/theme';
import { usePromotion } from './usePromotion';

export function PromoCodeForm() {
  const dispatch = useAppDispatch();
  const signedIn = useSignedIn();
  const { code, preview } = usePromotion();
  const [input, setInput] = useState(code ?? '');
  const [hint, setHint] = useState<string | null>(null);

  function apply() {
    const value = input.trim().toUpperCase();
    if (!signedIn) return setHint('Sign in to use a promo code.');
    if (!/^[A-Z0-9]{3,20}$/.test(value)) return setHint('A promo code is 3 to 20 letters and digits.');
    setHint(null);
    dispatch(promoApplied(value));
  }

  return (
    <View style={styles.form}>
      <View style={styles.row}>
        <View style={styles.input}>
          <TextField label="Promo code" value={input} onChangeText={setInput} autoCapitalize="characters" autoCorrect={false} onSubmitEditing={apply} />
        </View>
        <Button title="Apply" accessibilityLabel="Apply promo code" variant="secondary" busy={preview.isFetching} onPress={apply} />
      </View>
      {hint ? <Text style={text.error}>{hint}</Text> : null}
      {code && preview.error ? <InlineError error={preview.error} /> : null}
      {code && preview.data && !preview.isFetching ? (
        <Text accessibilityLiveRegion="polite" style={[text.body, { color: preview.data.applicable ? colors.success : colors.danger }]}>
          {preview.data.applicable ? `${preview.data.code}: ${preview.data.description}` : (preview.data.reason ?? 'This code does not apply to your cart.')}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  form: { gap: space.xs },
  row: { flexDirection: 'row', alignItems: 'flex-end', gap: space.s },
  input: { flex: 1 },
});
