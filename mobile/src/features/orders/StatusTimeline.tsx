import { StyleSheet, Text, View } from 'react-native';

import type { Order } from '@/api/types';
import { formatDate } from '@/ui/format';
import { colors, space, text } from '@/ui/theme';
import { cancelReason, progressSteps, statusLabel } from './statusText';

/** placed → confirmed → packed → shipped → delivered, or where it was cancelled. */
export function StatusTimeline({ order }: { order: Order }) {
  const reached = new Map(order.timeline.map((change) => [change.status, change]));
  const cancelled = reached.get('cancelled');
  const steps = cancelled ? [...progressSteps.filter((s) => reached.has(s)), 'cancelled' as const] : progressSteps;
  return (
    <View accessibilityRole="list" accessibilityLabel="Order progress" style={styles.list}>
      {steps.map((step) => {
        const change = reached.get(step);
        return (
          <View key={step} role="listitem" style={styles.step}>
            <View style={[styles.dot, change && styles.done, step === 'cancelled' && styles.cancelled]} />
            <View style={styles.label}>
              <Text style={[text.body, !change && { color: colors.muted }]}>
                {statusLabel[step]}
                {change ? '' : ' (to come)'}
              </Text>
              {change ? <Text style={text.muted}>{formatDate(change.at)}</Text> : null}
              {step === 'cancelled' && change?.reason ? <Text style={text.muted}>{cancelReason[change.reason] ?? change.reason}</Text> : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  step: { flexDirection: 'row', gap: space.m, alignItems: 'flex-start' },
  dot: { width: 14, height: 14, borderRadius: 7, marginTop: 4, borderWidth: 2, borderColor: colors.border },
  done: { backgroundColor: colors.success, borderColor: colors.success },
  cancelled: { backgroundColor: colors.danger, borderColor: colors.danger },
  label: { flex: 1 },
});
