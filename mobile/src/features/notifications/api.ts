import { api } from '@/api/api';
import type { NotificationPage } from '@/api/types';

export const notificationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    getNotifications: build.infiniteQuery<NotificationPage, void, string | null>({
      query: ({ pageParam }) => `/api/notifications?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (lastPage) => lastPage.nextCursor,
      },
      providesTags: ['Notifications'],
    }),
    markRead: build.mutation<void, string>({
      query: (id) => ({ url: `/api/notifications/${encodeURIComponent(id)}/read`, method: 'POST' }),
      invalidatesTags: ['Notifications'],
    }),
    markAllRead: build.mutation<void, void>({
      query: () => ({ url: '/api/notifications/read-all', method: 'POST' }),
      invalidatesTags: ['Notifications'],
    }),
  }),
});

export const { useGetNotificationsInfiniteQuery, useMarkReadMutation, useMarkAllReadMutation } = notificationsApi;
