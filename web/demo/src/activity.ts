/**
 * What the demo shows about the session besides its data: silent refreshes
 * (count and time of the last one) and why the last session ended. Built
 * only on the public `BatonClient` API: the token store and `onSessionEnd`.
 */
import type { BatonClient } from '@baton/web';

/** Why the user is looking at the sign-in screen. */
export type NoticeKind =
  /** The session ended by itself: revoked elsewhere, expired, refresh token reused. */
  | 'ended'
  /** Another tab of this browser signed out. */
  | 'remote-logout'
  /** The user signed out here. */
  | 'logout'
  /** The user signed out everywhere (`logoutAll`). */
  | 'logout-all';

/** A snapshot of the activity; a new object on every change. */
export interface ActivitySnapshot {
  /** Silent refreshes since the user signed in (in this tab or shared by another tab). */
  refreshCount: number;
  /** When the last silent refresh happened. */
  lastRefreshAt: Date | null;
  /** Why the last session ended, until the user signs in again. */
  notice: NoticeKind | null;
}

/** The activity feed: a tiny external store for `useSyncExternalStore`. */
export interface Activity {
  getSnapshot(): ActivitySnapshot;
  subscribe(listener: () => void): () => void;
  /** Call right before `logout()` after `logoutAll`, so the notice says "everywhere". */
  markSignedOutEverywhere(): void;
}

/** Watches `baton` and records refreshes and session ends. */
export function createActivity(baton: BatonClient): Activity {
  const listeners = new Set<() => void>();
  let snapshot: ActivitySnapshot = { refreshCount: 0, lastRefreshAt: null, notice: null };
  let everywhere = false;
  const update = (patch: Partial<ActivitySnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const listener of [...listeners]) listener();
  };

  // A token replacing another while signed in can only come from a refresh
  // (ours, or one another tab shared); login and restore start from no token.
  let previous = baton.store.get();
  baton.store.subscribe((token) => {
    if (previous && token && token !== previous && baton.getSession().status === 'signedIn') {
      update({ refreshCount: snapshot.refreshCount + 1, lastRefreshAt: new Date() });
    }
    previous = token;
  });

  let wasSignedIn = baton.getSession().status === 'signedIn';
  baton.subscribe(() => {
    const signedIn = baton.getSession().status === 'signedIn';
    if (signedIn && !wasSignedIn) update({ refreshCount: 0, lastRefreshAt: null, notice: null });
    wasSignedIn = signedIn;
  });

  baton.onSessionEnd(({ reason }) => {
    const notice: NoticeKind =
      reason === 'refresh-failed' ? 'ended' : reason === 'remote-logout' ? 'remote-logout' : everywhere ? 'logout-all' : 'logout';
    everywhere = false;
    update({ notice });
  });

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    markSignedOutEverywhere: () => void (everywhere = true),
  };
}
