import { Tabs } from 'expo-router/js-tabs';

import { TabIcon } from '@/features/navigation/TabIcon';
import { useUnreadCount } from '@/features/notifications/useUnreadCount';
import { colors } from '@/ui/theme';

const tabs = [
  { name: 'index', title: 'Home', glyph: '⌂' },
  { name: 'wishlist', title: 'Wishlist', glyph: '♡' },
  { name: 'cart', title: 'Cart', glyph: '🛍' },
  { name: 'orders', title: 'Orders', glyph: '📦' },
  { name: 'notifications', title: 'Notifications', glyph: '🔔' },
  { name: 'profile', title: 'Profile', glyph: '👤' },
] as const;

export default function TabsLayout() {
  const unread = useUnreadCount();
  return (
    <Tabs screenOptions={{ tabBarActiveTintColor: colors.primary, tabBarInactiveTintColor: colors.muted, headerTintColor: colors.text }}>
      {tabs.map(({ name, title, glyph }) => (
        <Tabs.Screen
          key={name}
          name={name}
          options={{
            title,
            tabBarAccessibilityLabel: title,
            tabBarButtonTestID: `tab-${name === 'index' ? 'home' : name}`,
            tabBarIcon: ({ color }) => <TabIcon glyph={glyph} color={color} badge={name === 'notifications' ? unread : 0} />,
          }}
        />
      ))}
    </Tabs>
  );
}
