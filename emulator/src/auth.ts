/**
 * SigV4 presence check (signatures are not verified: any credentials work locally) and caller identity:
 * the account is the access key id when it is 12 digits, so tests act as several accounts by choosing
 * credentials; the region comes from the credential scope.
 */
import type { IncomingHttpHeaders } from "node:http";
import { incompleteSignature, missingAuthentication } from "./errors";

export interface Caller {
  accountId: string;
  region: string;
}

// Credential=AKID/20250101/us-east-1/proton/aws4_request
const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;
/** The parameters a SigV4 Authorization header must carry, as AWS front ends list them when missing. */
const PARAMETERS = ["Credential", "Signature", "SignedHeaders"] as const;

export function authenticate(
  headers: IncomingHttpHeaders,
  defaults: { accountId: string; region: string },
): Caller {
  const header = headers.authorization;
  if (!header || !header.startsWith("AWS4-"))
    throw missingAuthentication("Request is missing Authentication Token");
  const missing = PARAMETERS.filter((name) => !new RegExp(`[\\s,]${name}=[^,\\s]`).test(header));
  const match = CREDENTIAL.exec(header);
  if (missing.length > 0 || !match) {
    const named = missing.length > 0 ? missing : ["Credential"];
    throw incompleteSignature(
      `${named.map((name) => `Authorization header requires '${name}' parameter.`).join(" ")} Authorization=${header}`,
    );
  }
  const [, accessKeyId, region] = match;
  return {
    accountId: /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaults.accountId,
    region: region || defaults.region,
  };
}
