import { router } from 'expo-router';
import { Pressable, StyleSheet, Text } from 'react-native';

import { useSignedIn } from '@/features/auth/useAuth';
import { colors } from '@/ui/theme';
import { useAddToWishlistMutation, useGetWishlistQuery, useRemoveFromWishlistMutation } from './api';

interface Props {
  productId: string;
  /** With the name, the button is "Add to wishlist: {name}" (a grid of many); without, "Add to wishlist". */
  productName?: string;
}

/** The heart: toggles the product in the wishlist; a guest is taken to sign in first. */
export function WishlistButton({ productId, productName }: Props) {
  const signedIn = useSignedIn();
  const { data } = useGetWishlistQuery(undefined, { skip: !signedIn });
  const [add, adding] = useAddToWishlistMutation();
  const [remove, removing] = useRemoveFromWishlistMutation();
  const saved = !!data?.items.some((item) => item.productId === productId);
  const label = `${saved ? 'Remove from wishlist' : 'Add to wishlist'}${productName ? `: ${productName}` : ''}`;

  function toggle() {
    if (!signedIn) router.push({ pathname: '/sign-in', params: { next: `/product/${productId}` } });
    else if (saved) remove(productId);
    else add(productId);
  }

  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityState={{ selected: saved, busy: adding.isLoading || removing.isLoading }}
      onPress={toggle}
      hitSlop={8}
      style={({ pressed }) => [styles.heart, pressed && { opacity: 0.7 }]}
    >
      <Text style={[styles.glyph, saved && styles.saved]}>{saved ? '♥' : '♡'}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  heart: {
    width: 40,
    height: 40,
    borderRadius: 20,
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: colors.background,
    borderWidth: 1,
    borderColor: colors.border,
  },
  glyph: { fontSize: 22, color: colors.primary, lineHeight: 26 },
  saved: { color: colors.primary },
});
