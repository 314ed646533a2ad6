import type { ReactNode } from 'react';
import { ScrollView, StyleSheet, View } from 'react-native';

import { colors, space } from './theme';

/** A screen's root: testID for tests, optional scrolling, the shared padding. */
export function Screen({ testID, children, scroll = false }: { testID: string; children: ReactNode; scroll?: boolean }) {
  if (scroll) {
    return (
      <ScrollView testID={testID} style={styles.root} contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
        {children}
      </ScrollView>
    );
  }
  return (
    <View testID={testID} style={styles.root}>
      {children}
    </View>
  );
}

const styles = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
  content: { padding: space.l, gap: space.m, maxWidth: 720, width: '100%', alignSelf: 'center' },
});
