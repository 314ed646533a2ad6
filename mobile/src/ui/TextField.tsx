import { StyleSheet, Text, TextInput, View, type TextInputProps } from 'react-native';

import { colors, space, text } from './theme';

interface Props extends TextInputProps {
  label: string;
  error?: string;
}

/** A labelled input: its accessible name is the label; an error is read with it. */
export function TextField({ label, error, style, ...rest }: Props) {
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        accessibilityHint={error}
        placeholderTextColor={colors.muted}
        style={[styles.input, error ? styles.invalid : null, style]}
        {...rest}
      />
      {error ? (
        <Text accessibilityLiveRegion="polite" style={text.error}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  field: { gap: space.xs },
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  input: {
    minHeight: 44,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: space.m,
    fontSize: 16,
    color: colors.text,
    backgroundColor: colors.background,
  },
  invalid: { borderColor: colors.danger },
});
