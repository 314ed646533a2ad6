import { useEffect, useState, type ReactNode } from 'react';

import { loadConfig } from '@/config/configSlice';
import { restoreSession } from '@/features/auth/authThunks';
import { useAppDispatch, useAppSelector } from '@/store/hooks';
import { hydrate } from '@/store/hydrate';
import { loadPersisted, persistStore } from '@/store/persistence';
import type { AppStore } from '@/store/store';
import { ErrorState, Loading } from '@/ui/States';

/**
 * Before any screen: what the device kept (catalog, guest cart, configuration), the shopper's
 * tokens, and GET /api/config. Offline, the configuration kept from last time is used.
 */
export function Startup({ store, children }: { store: AppStore; children: ReactNode }) {
  const dispatch = useAppDispatch();
  const config = useAppSelector((state) => state.config.status);
  const auth = useAppSelector((state) => state.auth.status);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    let stop = () => {};
    (async () => {
      dispatch(hydrate(await loadPersisted()));
      stop = persistStore(store);
      setRestored(true);
      await Promise.all([dispatch(restoreSession()), dispatch(loadConfig())]);
    })();
    return () => stop();
  }, [dispatch, store]);

  if (config === 'failed') return <ErrorState error={{ status: 'offline' }} onRetry={() => dispatch(loadConfig())} />;
  if (!restored || config !== 'ready' || auth === 'restoring') return <Loading label="Opening BStore…" />;
  return children;
}
