import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { describeError } from '@/api/problems';
import { Button } from './Button';
import { colors, space, text } from './theme';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <View style={styles.center} testID="loading" accessibilityRole="progressbar" accessibilityLabel={label}>
      <ActivityIndicator size="large" color={colors.primary} />
      <Text style={text.muted}>{label}</Text>
    </View>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <View style={styles.center} testID="error" accessibilityRole="alert">
      <Text style={[text.body, styles.message]}>{describeError(error)}</Text>
      {onRetry ? <Button title="Try again" variant="secondary" onPress={onRetry} /> : null}
    </View>
  );
}

export function EmptyState({ message, action }: { message: string; action?: React.ReactNode }) {
  return (
    <View style={styles.center} testID="empty">
      <Text style={[text.body, styles.message]}>{message}</Text>
      {action}
    </View>
  );
}

/** Shown above data kept from before when the latest refresh failed (e.g. offline). */
export function StaleNotice({ error }: { error: unknown }) {
  return (
    <Text accessibilityRole="alert" style={styles.stale}>
      {describeError(error)} Showing what was loaded before.
    </Text>
  );
}

export function InlineError({ error }: { error: unknown }) {
  return error ? (
    <Text accessibilityRole="alert" style={text.error}>
      {describeError(error)}
    </Text>
  ) : null;
}

const styles = StyleSheet.create({
  center: { flex: 1, alignItems: 'center', justifyContent: 'center', padding: space.xl, gap: space.m },
  message: { textAlign: 'center' },
  stale: { backgroundColor: '#FEF3C7', color: colors.warning, padding: space.s, fontSize: 13 },
});
