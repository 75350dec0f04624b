import { authenticate } from "./auth";
import { ProtonError } from "./errors";

const defaults = { accountId: "123456789012", region: "us-east-1" };
const signed = (key: string, region: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/proton/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`,
});

test.each([
  [
    "a 12-digit access key id is the caller account",
    signed("111122223333", "eu-central-1"),
    "111122223333",
    "eu-central-1",
  ],
  [
    "any other access key id acts as the default account",
    signed("AKIAEXAMPLE", "ap-south-1"),
    "123456789012",
    "ap-south-1",
  ],
  ["a 13-digit key id is not an account", signed("1111222233334", "us-east-1"), "123456789012", "us-east-1"],
])("%s", (_label, headers, accountId, region) => {
  expect(authenticate(headers, defaults)).toEqual({ accountId, region });
});

test.each([
  [
    "no Authorization header",
    {},
    "MissingAuthenticationTokenException",
    "Request is missing Authentication Token",
  ],
  ["another scheme", { authorization: "Bearer token" }, "MissingAuthenticationTokenException", "Request is"],
  [
    "SigV4 without a credential",
    { authorization: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc" },
    "IncompleteSignatureException",
    "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256",
  ],
  [
    "SigV4 with a credential that has no scope",
    { authorization: "AWS4-HMAC-SHA256 Credential=AKID, SignedHeaders=host, Signature=abc" },
    "IncompleteSignatureException",
    "requires 'Credential' parameter",
  ],
  [
    "SigV4 without a signature or signed headers",
    { authorization: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/proton/aws4_request" },
    "IncompleteSignatureException",
    "requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
  ],
])("%s is %s (400)", (_label, headers, code, message) => {
  expect.assertions(3);
  try {
    authenticate(headers, defaults);
  } catch (err) {
    expect((err as ProtonError).code).toBe(code);
    expect((err as ProtonError).status).toBe(400);
    expect((err as ProtonError).message).toContain(message);
  }
});
