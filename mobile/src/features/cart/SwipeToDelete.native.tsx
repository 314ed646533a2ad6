import type { ReactNode } from 'react';
import { Pressable, StyleSheet, Text } from 'react-native';
import Swipeable from 'react-native-gesture-handler/ReanimatedSwipeable';

import { colors, space } from '@/ui/theme';

/** Swipe a cart line left to reveal Delete (the line's Remove button does the same for screen readers). */
export function SwipeToDelete({ children, onDelete, label }: { children: ReactNode; onDelete: () => void; label: string }) {
  return (
    <Swipeable
      friction={2}
      rightThreshold={40}
      renderRightActions={() => (
        <Pressable accessibilityRole="button" accessibilityLabel={label} onPress={onDelete} style={styles.action}>
          <Text style={styles.text}>Delete</Text>
        </Pressable>
      )}
      onSwipeableOpen={(direction) => {
        if (direction === 'right') onDelete();
      }}
    >
      {children}
    </Swipeable>
  );
}

const styles = StyleSheet.create({
  action: { backgroundColor: colors.danger, justifyContent: 'center', paddingHorizontal: space.xl },
  text: { color: colors.onPrimary, fontWeight: '700' },
});
