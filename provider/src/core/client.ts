/**
 * Builds a ProtonClient for one provider call. Nothing here is cached in module state that the
 * closure serializer could see: the provider shim loads this module at run time.
 */
import { ProtonClient } from "@aws-sdk/client-proton";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { ConnectionSettings } from "./settings";

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
  return new ProtonClient({
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
}
