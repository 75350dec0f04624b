/**
 * Proton clients: one per connection settings in the provider process, shared by every resource of
 * that process (one connection pool, one credential resolution), each with the rate limiter its
 * resources share. Clients live in this module's memory only: the SDK's serialized shim never
 * captures them, so neither clients nor credentials reach the state.
 */
import { ProtonClient } from "@aws-sdk/client-proton";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { RateLimiter } from "./rateLimiter";
import type { ConnectionSettings } from "./settings";

/**
 * The SDK turns a thrown value that is not an Error of its own realm into a message-only wrapper,
 * losing the name and errno code the retry table classifies by. Node's network errors come from
 * another realm whenever the SDK runs in a vm context (as under jest), so they are re-created here.
 */
function ownRealmError(error: unknown): unknown {
  if (error instanceof Error || error === null || typeof error !== "object") return error;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return Object.assign(new Error(typeof message === "string" ? message : String(error)), {
    ...(typeof name === "string" ? { name } : {}),
    ...(typeof code === "string" ? { code } : {}),
  });
}

export function createProtonClient(connection: ConnectionSettings = {}): ProtonClient {
  const { region, profile, roleArn, endpoint } = connection;
  const base = profile ? fromNodeProviderChain({ profile }) : undefined;
  const credentials = roleArn
    ? fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: "pulumi-aws-proton" },
        ...(base ? { masterCredentials: base } : {}),
        clientConfig: region ? { region } : {},
      })
    : base;
  const client = new ProtonClient({
    // Unset region/endpoint let the SDK read AWS_REGION, AWS_PROFILE, shared config and
    // AWS_ENDPOINT_URL_PROTON itself.
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    // retry.ts owns retrying (bounded, classified); one SDK attempt keeps call counts honest.
    maxAttempts: 1,
    // A hung connection becomes a (retryable) timeout instead of a stuck deployment.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw ownRealmError(error);
      }
    },
    { step: "deserialize", name: "ownRealmErrors", priority: "low" },
  );
  return client;
}

/** What the resources of one connection share. */
export interface Connection {
  client: ProtonClient;
  limiter: RateLimiter;
}

const connections = new Map<string, Connection>();

/** The key of a connection: the settings that change who is called, where, as whom. */
export function connectionKey(connection: ConnectionSettings): string {
  const { region, profile, roleArn, endpoint } = connection;
  return JSON.stringify([endpoint ?? null, region ?? null, profile ?? null, roleArn ?? null]);
}

/** The process-wide client and rate limiter for these connection settings. */
export function sharedConnection(connection: ConnectionSettings = {}): Connection {
  const key = connectionKey(connection);
  let shared = connections.get(key);
  if (!shared) {
    shared = { client: createProtonClient(connection), limiter: new RateLimiter() };
    connections.set(key, shared);
  }
  return shared;
}
