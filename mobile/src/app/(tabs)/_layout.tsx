import { Tabs } from 'expo-router/js-tabs';

import { TabIcon, type IconName } from '@/features/navigation/TabIcon';
import { useUnreadCount } from '@/features/notifications/useUnreadCount';
import { colors } from '@/ui/theme';

const tabs = [
  { name: 'index', title: 'Home', icon: 'home-outline' },
  { name: 'wishlist', title: 'Wishlist', icon: 'heart-outline' },
  { name: 'cart', title: 'Cart', icon: 'bag-handle-outline' },
  { name: 'orders', title: 'Orders', icon: 'cube-outline' },
  { name: 'notifications', title: 'Notifications', icon: 'notifications-outline' },
  { name: 'profile', title: 'Profile', icon: 'person-circle-outline' },
] satisfies { name: string; title: string; icon: IconName }[];

export default function TabsLayout() {
  const unread = useUnreadCount();
  return (
    <Tabs screenOptions={{ tabBarActiveTintColor: colors.primary, tabBarInactiveTintColor: colors.muted, headerTintColor: colors.text }}>
      {tabs.map(({ name, title, icon }) => (
        <Tabs.Screen
          key={name}
          name={name}
          options={{
            title: name === 'index' ? 'BStore' : title,
            tabBarLabel: title,
            tabBarAccessibilityLabel: title,
            tabBarButtonTestID: `tab-${name === 'index' ? 'home' : name}`,
            tabBarIcon: ({ color }) => <TabIcon name={icon} color={color} badge={name === 'notifications' ? unread : 0} />,
          }}
        />
      ))}
    </Tabs>
  );
}
