import { useState } from 'react';
import { ActivityIndicator, FlatList, StyleSheet, useWindowDimensions, View } from 'react-native';

import type { ProductSort } from '@/api/types';
import { Screen } from '@/ui/Screen';
import { EmptyState, ErrorState, Loading, StaleNotice } from '@/ui/States';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';
import { useDebouncedValue } from '@/ui/useDebouncedValue';
import { useGetProductsInfiniteQuery } from './api';
import { CategoryChips, SortMenu } from './CatalogFilters';
import { ProductCard } from './ProductCard';

export function HomeScreen() {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [sort, setSort] = useState<ProductSort>('name');
  const q = useDebouncedValue(search, 300);
  const products = useGetProductsInfiniteQuery({ q, category, sort });
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  // Two cards a row on a phone, more on a tablet or a desktop browser.
  const { width } = useWindowDimensions();
  const columns = Math.max(2, Math.min(5, Math.floor(Math.min(width, 1100) / 220)));

  return (
    <Screen testID="home-screen">
      <View style={styles.toolbar}>
        <View style={styles.search}>
          <TextField
            label="Search products"
            placeholder="Serum, lipstick, brand…"
            value={search}
            onChangeText={setSearch}
            autoCapitalize="none"
            autoCorrect={false}
            inputMode="search"
            returnKeyType="search"
          />
        </View>
        <SortMenu value={sort} onChange={setSort} />
      </View>
      <CategoryChips value={category} onChange={setCategory} />
      {products.isError && items.length > 0 ? <StaleNotice error={products.error} /> : null}
      {products.isLoading ? (
        <Loading label="Loading products…" />
      ) : products.isError && items.length === 0 ? (
        <ErrorState error={products.error} onRetry={products.refetch} />
      ) : (
        <FlatList
          testID="product-grid"
          key={columns}
          data={items}
          keyExtractor={(item) => item.id}
          numColumns={columns}
          renderItem={({ item }) => <ProductCard product={item} />}
          contentContainerStyle={styles.grid}
          onEndReached={() => {
            if (products.hasNextPage && !products.isFetchingNextPage) products.fetchNextPage();
          }}
          onEndReachedThreshold={0.5}
          refreshing={products.isFetching && !products.isFetchingNextPage && !products.isLoading}
          onRefresh={products.refetch}
          ListEmptyComponent={
            <EmptyState message={q ? `No products match “${q}”.` : 'No products in this category yet.'} />
          }
          ListFooterComponent={
            products.isFetchingNextPage ? <ActivityIndicator accessibilityLabel="Loading more products" color={colors.primary} /> : null
          }
        />
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  toolbar: { flexDirection: 'row', alignItems: 'flex-end', gap: space.s, paddingHorizontal: space.m, paddingTop: space.m, zIndex: 10 },
  search: { flex: 1 },
  grid: { padding: space.s, maxWidth: 1100, width: '100%', alignSelf: 'center' },
});
