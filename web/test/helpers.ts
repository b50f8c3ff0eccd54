import { ApolloClient, ApolloLink, InMemoryCache, ServerError, gql } from '@apollo/client';
import type { DocumentNode } from 'graphql';
import { Observable } from 'rxjs';
import type { CoordinationChannel, CoordinationLock, CoordinationMessage } from '../src/index.js';

/** A promise with its resolve/reject exposed. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** One request that reached the scripted terminating link. */
export interface RecordedRequest {
  operationName: string | undefined;
  authorization: string | undefined;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
}

/** What the script answers: a result, an Error (sent on the error channel), or a promise of either. */
export type ScriptAnswer = ApolloLink.Result | Error;
export type Script = (request: RecordedRequest, index: number) => ScriptAnswer | Promise<ScriptAnswer>;

/** A terminating link we control; records the headers of every request it receives. */
export function scriptedLink(script: Script) {
  const requests: RecordedRequest[] = [];
  const link = new ApolloLink((operation) => {
    const headers = { ...(operation.getContext().headers as Record<string, string> | undefined) };
    const request: RecordedRequest = {
      operationName: operation.operationName,
      authorization: headers.authorization,
      headers,
      variables: operation.variables,
    };
    const index = requests.push(request) - 1;
    return new Observable<ApolloLink.Result>((observer) => {
      let active = true;
      Promise.resolve(script(request, index)).then((answer) => {
        if (!active) return;
        if (answer instanceof Error) observer.error(answer);
        else {
          observer.next(answer);
          observer.complete();
        }
      });
      return () => {
        active = false;
      };
    });
  });
  return { link, requests };
}

export const unauthenticated = (reason = 'TOKEN_EXPIRED'): ApolloLink.Result => ({
  data: null,
  errors: [{ message: 'Not authenticated', extensions: { code: 'UNAUTHENTICATED', reason } }],
});

export function http401(): ServerError {
  return new ServerError('Response not successful: Received status code 401', {
    response: new Response('Unauthorized', { status: 401 }),
    bodyText: 'Unauthorized',
  });
}

/** A structurally valid (unsigned) JWT with the given claims. */
export function jwt(claims: Record<string, unknown>): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.sig`;
}
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export const ItemQuery: DocumentNode = gql`
  query Item($id: ID!) {
    item(id: $id) {
      id
    }
  }
`;
export const RefreshMutation: DocumentNode = gql`
  mutation Refresh {
    refreshToken {
      accessToken
    }
  }
`;

/** A client value good enough for `ApolloLink.execute` (the auth link never touches it). */
export const dummyClient = () => new ApolloClient({ link: ApolloLink.empty(), cache: new InMemoryCache() });

/** Subscribes to `link` for `query` and records everything the consumer sees. */
export function run(link: ApolloLink, query: DocumentNode = ItemQuery, variables: Record<string, unknown> = { id: '1' }, client = dummyClient()) {
  const seen = { values: [] as ApolloLink.Result[], error: undefined as unknown, completed: false };
  const done = deferred<typeof seen>();
  const subscription = ApolloLink.execute(link, { query, variables }, { client }).subscribe({
    next: (value) => void seen.values.push(value),
    error: (error) => {
      seen.error = error;
      done.resolve(seen);
    },
    complete: () => {
      seen.completed = true;
      done.resolve(seen);
    },
  });
  return { seen, done: done.promise, subscription };
}

/** A fake `navigator.locks` shared by several "tabs": FIFO, one holder at a time. */
export function fakeLock(): CoordinationLock & { requests: string[] } {
  let tail: Promise<unknown> = Promise.resolve();
  const requests: string[] = [];
  return {
    requests,
    request(name, callback) {
      requests.push(name);
      const run = tail.then(() => callback());
      tail = run.catch(() => {});
      return run;
    },
  };
}

/** A fake BroadcastChannel hub: `connect()` gives one tab's channel; messages reach every other tab. */
export function fakeChannelHub(options: { delayMs?: number } = {}) {
  const tabs = new Set<(message: CoordinationMessage) => void>();
  const sent: CoordinationMessage[] = [];
  return {
    sent,
    connect(): CoordinationChannel {
      const listeners = new Set<(message: CoordinationMessage) => void>();
      const deliver = (message: CoordinationMessage) => listeners.forEach((l) => l(message));
      tabs.add(deliver);
      return {
        postMessage(message) {
          sent.push(message);
          // structured clone, like the real thing
          for (const tab of tabs) {
            if (tab === deliver) continue;
            const copy = JSON.parse(JSON.stringify(message));
            // A real BroadcastChannel delivers in a later task, independently of lock hand-over.
            if (options.delayMs === undefined) tab(copy);
            else setTimeout(() => tab(copy), options.delayMs);
          }
        },
        subscribe(listener) {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        },
        close: () => void tabs.delete(deliver),
      };
    },
  };
}
