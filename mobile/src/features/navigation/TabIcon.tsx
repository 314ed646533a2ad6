import Ionicons from '@expo/vector-icons/Ionicons';
import type { ComponentProps } from 'react';
import { StyleSheet, Text, View, type ColorValue } from 'react-native';

import { colors } from '@/ui/theme';

export type IconName = ComponentProps<typeof Ionicons>['name'];

/** A tab's icon (decorative: the tab's label names it); with a count, a badge whose text is the number. */
export function TabIcon({ name, color, badge }: { name: IconName; color: ColorValue; badge: number }) {
  return (
    <View>
      <Ionicons name={name} size={24} color={color} accessibilityElementsHidden importantForAccessibility="no" />
      {badge > 0 ? (
        <View style={styles.badge}>
          <Text testID="unread-count" style={styles.count}>
            {badge > 99 ? '99+' : badge}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  badge: {
    position: 'absolute',
    top: -4,
    right: -12,
    minWidth: 18,
    height: 18,
    borderRadius: 9,
    backgroundColor: colors.primary,
    alignItems: 'center',
    justifyContent: 'center',
    paddingHorizontal: 4,
  },
  count: { color: colors.onPrimary, fontSize: 11, fontWeight: '700' },
});
