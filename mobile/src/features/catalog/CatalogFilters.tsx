import { useState } from 'react';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';

import type { ProductSort } from '@/api/types';
import { Button } from '@/ui/Button';
import { colors, space } from '@/ui/theme';
import { useGetCategoriesQuery } from './api';

export const sortLabels: Record<ProductSort, string> = {
  name: 'Name',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  newest: 'Newest',
  rating: 'Best rated',
};

function Chip({ label, selected, onPress }: { label: string; selected: boolean; onPress: () => void }) {
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={`Category: ${label}`}
      accessibilityState={{ selected }}
      onPress={onPress}
      style={[styles.chip, selected && styles.chipSelected]}
    >
      <Text style={[styles.chipText, selected && styles.chipTextSelected]}>{label}</Text>
    </Pressable>
  );
}

export function CategoryChips({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const { data = [] } = useGetCategoriesQuery();
  return (
    <ScrollView horizontal showsHorizontalScrollIndicator={false} style={styles.chipRow} contentContainerStyle={styles.chips}>
      <Chip label="All" selected={value === null} onPress={() => onChange(null)} />
      {data.map((category) => (
        <Chip key={category.id} label={category.name} selected={value === category.id} onPress={() => onChange(category.id)} />
      ))}
    </ScrollView>
  );
}

export function SortMenu({ value, onChange }: { value: ProductSort; onChange: (sort: ProductSort) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <View>
      <Button
        title="Sort"
        accessibilityHint={`Sorted by ${sortLabels[value]}`}
        accessibilityState={{ expanded: open }}
        variant="secondary"
        compact
        onPress={() => setOpen(!open)}
      />
      {open ? (
        <View accessibilityRole="menu" style={styles.menu}>
          {(Object.keys(sortLabels) as ProductSort[]).map((sort) => (
            <Pressable
              key={sort}
              accessibilityRole="menuitem"
              accessibilityLabel={`Sort by ${sortLabels[sort]}`}
              accessibilityState={{ selected: sort === value }}
              onPress={() => {
                onChange(sort);
                setOpen(false);
              }}
              style={styles.item}
            >
              <Text style={[styles.itemText, sort === value && styles.itemSelected]}>{sortLabels[sort]}</Text>
            </Pressable>
          ))}
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  chipRow: { flexGrow: 0, flexShrink: 0 },
  chips: { gap: space.s, paddingHorizontal: space.m, paddingVertical: space.s },
  chip: { paddingHorizontal: space.m, minHeight: 36, justifyContent: 'center', borderRadius: 18, borderWidth: 1, borderColor: colors.border },
  chipSelected: { backgroundColor: colors.primary, borderColor: colors.primary },
  chipText: { color: colors.text, fontSize: 14 },
  chipTextSelected: { color: colors.onPrimary, fontWeight: '600' },
  menu: {
    position: 'absolute',
    top: 40,
    right: 0,
    zIndex: 10,
    elevation: 4,
    backgroundColor: colors.background,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    minWidth: 200,
  },
  item: { paddingHorizontal: space.m, paddingVertical: space.m },
  itemText: { fontSize: 15, color: colors.text },
  itemSelected: { fontWeight: '700', color: colors.primary },
});
