import { api } from '@/api/api';
import type { Category, Page, ProductDetail, ProductSort, ProductSummary, ReviewPage } from '@/api/types';

export interface ProductQuery {
  q: string;
  category: string | null;
  sort: ProductSort;
}

const pageSize = 20;

export function productsUrl({ q, category, sort }: ProductQuery, cursor: string | null): string {
  const params = new URLSearchParams({ sort, limit: String(pageSize) });
  if (q.trim()) params.set('q', q.trim());
  if (category) params.set('category', category);
  if (cursor) params.set('cursor', cursor);
  return `/api/products?${params}`;
}

export const catalogApi = api.injectEndpoints({
  endpoints: (build) => ({
    getCategories: build.query<Category[], void>({
      query: () => '/api/categories',
      transformResponse: (page: { items: Category[] }) => page.items,
    }),
    getProducts: build.infiniteQuery<Page<ProductSummary>, ProductQuery, string | null>({
      query: ({ queryArg, pageParam }) => productsUrl(queryArg, pageParam),
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (lastPage) => lastPage.nextCursor,
      },
    }),
    getProduct: build.query<ProductDetail, string>({
      query: (id) => `/api/products/${encodeURIComponent(id)}`,
      providesTags: (_result, _error, id) => [{ type: 'Product', id }],
    }),
    getReviews: build.query<ReviewPage, string>({
      query: (id) => `/api/products/${encodeURIComponent(id)}/reviews?limit=10`,
    }),
  }),
});

export const { useGetCategoriesQuery, useGetProductsInfiniteQuery, useGetProductQuery, useGetReviewsQuery } = catalogApi;
