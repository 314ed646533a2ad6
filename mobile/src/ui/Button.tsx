import { ActivityIndicator, Pressable, StyleSheet, Text, type PressableProps } from 'react-native';

import { colors, space } from './theme';

interface Props extends Omit<PressableProps, 'children' | 'style'> {
  title: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  busy?: boolean;
  compact?: boolean;
}

/** A button whose accessible name is its visible title unless an accessibilityLabel says otherwise. */
export function Button({ title, variant = 'primary', busy = false, compact = false, disabled, ...rest }: Props) {
  const inactive = disabled || busy;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityState={{ disabled: !!inactive, busy }}
      disabled={inactive}
      style={({ pressed, focused }: { pressed: boolean; focused?: boolean }) => [
        styles.base,
        compact && styles.compact,
        styles[variant],
        inactive && styles.disabled,
        pressed && styles.pressed,
        focused && styles.focused,
      ]}
      {...rest}
    >
      {busy ? <ActivityIndicator color={variant === 'primary' ? colors.onPrimary : colors.primary} /> : null}
      <Text style={[styles.label, variant === 'primary' ? styles.onPrimary : styles[`${variant}Label`]]}>{title}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: {
    minHeight: 44,
    paddingHorizontal: space.l,
    borderRadius: 8,
    alignItems: 'center',
    justifyContent: 'center',
    flexDirection: 'row',
    gap: space.s,
  },
  compact: { minHeight: 36, paddingHorizontal: space.m },
  primary: { backgroundColor: colors.primary },
  secondary: { backgroundColor: colors.background, borderWidth: 1, borderColor: colors.primary },
  danger: { backgroundColor: colors.background, borderWidth: 1, borderColor: colors.danger },
  link: { backgroundColor: 'transparent', paddingHorizontal: space.s },
  disabled: { opacity: 0.55 },
  pressed: { opacity: 0.8 },
  focused: { outlineColor: colors.focus, outlineWidth: 2, outlineStyle: 'solid' },
  label: { fontSize: 16, fontWeight: '600' },
  onPrimary: { color: colors.onPrimary },
  secondaryLabel: { color: colors.primary },
  dangerLabel: { color: colors.danger },
  linkLabel: { color: colors.primary, textDecorationLine: 'underline' },
});
