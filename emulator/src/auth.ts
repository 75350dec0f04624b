/**
 * SigV4 presence check (signatures are not verified: any credentials work locally) and caller identity:
 * the account is the access key id when it is 12 digits, so tests act as several accounts by choosing
 * credentials; the region comes from the credential scope.
 */
import type { IncomingHttpHeaders } from "node:http";
import { missingAuthentication } from "./errors";

export interface Caller {
  accountId: string;
  region: string;
}

// Credential=AKID/20250101/us-east-1/proton/aws4_request
const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;

export function authenticate(
  headers: IncomingHttpHeaders,
  defaults: { accountId: string; region: string },
): Caller {
  const header = headers.authorization;
  if (!header || !header.startsWith("AWS4-HMAC-SHA256 "))
    throw missingAuthentication("Missing Authentication Token");
  const match = CREDENTIAL.exec(header);
  if (!match) throw missingAuthentication("Authorization header requires 'Credential' parameter.");
  const [, accessKeyId, region] = match;
  return {
    accountId: /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaults.accountId,
    region: region || defaults.region,
  };
}
