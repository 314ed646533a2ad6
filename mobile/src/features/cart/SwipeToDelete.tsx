import type { ReactNode } from 'react';

/** On the web there is nothing to swipe: each line has a visible Remove button instead. */
export function SwipeToDelete({ children }: { children: ReactNode; onDelete: () => void; label: string }) {
  return children;
}
