import { ApolloProvider } from '@apollo/client/react';
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthStatus, BatonClient } from '../client/baton-client.js';
import type { BatonUser } from '../client/documents.js';

const BatonContext = createContext<BatonClient | null>(null);

/** Props of {@link BatonProvider}. */
export interface BatonProviderProps {
  /** The client from `createBatonClient`. */
  client: BatonClient;
  /** Restore the session on mount with a silent (cookie) refresh. Default `true`. */
  restore?: boolean;
  /** The app. */
  children?: ReactNode;
}

/**
 * Provides a Baton client to {@link useAuth} and its Apollo Client to
 * Apollo's hooks (it renders `ApolloProvider`). On mount — never during
 * render, so server rendering is safe — it restores the session silently.
 */
export function BatonProvider({ client, restore = true, children }: BatonProviderProps) {
  useEffect(() => {
    if (restore) void client.restore();
  }, [client, restore]);
  return (
    <BatonContext.Provider value={client}>
      <ApolloProvider client={client.client}>{children}</ApolloProvider>
    </BatonContext.Provider>
  );
}

/** What {@link useAuth} returns. */
export interface UseAuthResult {
  /** The signed-in user, or `null`. */
  user: BatonUser | null;
  /** `'loading'` until the session is restored (and always during server rendering). */
  status: AuthStatus;
  /** Signs in; rejects with Apollo's error on bad credentials. */
  login(email: string, password: string): Promise<BatonUser>;
  /** Ends the session here and in the other tabs. */
  logout(): Promise<void>;
  /** Creates an account and signs in. */
  register(email: string, password: string): Promise<BatonUser>;
}

/** The session of the nearest {@link BatonProvider}'s client; re-renders when it changes. */
export function useAuth(): UseAuthResult {
  const baton = useContext(BatonContext);
  if (!baton) throw new Error('useAuth() must be used inside <BatonProvider>');
  const session = useSyncExternalStore(baton.subscribe, baton.getSession, baton.getSession);
  return useMemo(
    () => ({ user: session.user, status: session.status, login: baton.login, logout: baton.logout, register: baton.register }),
    [session, baton],
  );
}

/** The {@link BatonClient} of the nearest {@link BatonProvider}. */
export function useBatonClient(): BatonClient {
  const baton = useContext(BatonContext);
  if (!baton) throw new Error('useBatonClient() must be used inside <BatonProvider>');
  return baton;
}
