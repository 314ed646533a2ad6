import { StyleSheet, Text, View, type ColorValue } from 'react-native';

import { colors } from '@/ui/theme';

/** A tab's glyph; with a count, a badge whose text is the number (testID "unread-count"). */
export function TabIcon({ glyph, color, badge }: { glyph: string; color: ColorValue; badge: number }) {
  return (
    <View>
      <Text style={[styles.glyph, { color }]} importantForAccessibility="no" accessibilityElementsHidden>
        {glyph}
      </Text>
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
  glyph: { fontSize: 20 },
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
