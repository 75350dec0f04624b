import { ProtonError } from "./errors";
import {
  fingerprint,
  idempotent,
  markModified,
  rememberCreation,
  replayCreation,
  TOKEN_TTL_MS,
} from "./idempotency";
import type { Partition } from "./store";

const partition = (): Partition => ({ accountId: "123456789012", region: "us-east-1" });

test("fingerprints ignore member order, undefined members and the token itself", () => {
  expect(fingerprint({ b: 1, a: [1, { y: 2, x: 1 }], clientToken: "t", c: undefined })).toBe(
    fingerprint({ a: [1, { x: 1, y: 2 }], b: 1 }),
  );
  expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: "1" }));
});

test("same token and parameters replays the first result without running again", () => {
  const p = partition();
  let runs = 0;
  const create = () => `created-${++runs}`;
  expect(idempotent(p, 0, "Op", "tok", { a: 1 }, create)).toBe("created-1");
  expect(idempotent(p, 1000, "Op", "tok", { a: 1, clientToken: "tok" }, create)).toBe("created-1");
  expect(runs).toBe(1);
});

test("same token with other parameters is a ValidationException", () => {
  const p = partition();
  idempotent(p, 0, "Op", "tok", { a: 1 }, () => "x");
  expect(() => idempotent(p, 0, "Op", "tok", { a: 2 }, () => "y")).toThrow(ProtonError);
  try {
    idempotent(p, 0, "Op", "tok", { a: 2 }, () => "y");
  } catch (err) {
    expect((err as ProtonError).code).toBe("ValidationException");
    // The reference calls it an IdempotentParameterMismatch; the CLI printed "Idempotent parameter mismatch".
    expect((err as ProtonError).message).toMatch(/^Idempotent parameter mismatch: /);
  }
});

test("tokens are scoped per operation, absent tokens never replay, and tokens expire after 8 hours", () => {
  const p = partition();
  expect(idempotent(p, 0, "OpA", "tok", {}, () => "a")).toBe("a");
  expect(idempotent(p, 0, "OpB", "tok", {}, () => "b")).toBe("b");
  expect(idempotent(p, 0, "OpA", undefined, {}, () => "fresh")).toBe("fresh");
  expect(idempotent(p, TOKEN_TTL_MS - 1, "OpA", "tok", {}, () => "late")).toBe("a");
  expect(idempotent(p, TOKEN_TTL_MS, "OpA", "tok", { other: true }, () => "expired")).toBe("expired");
});

test("a taken name: same parameters replay, others mismatch, a modified resource conflicts", () => {
  const p = partition();
  rememberCreation(p, "arn:x", { name: "x", tags: [{ key: "k", value: "v" }] });
  expect(
    replayCreation(p, "arn:x", { tags: [{ key: "k", value: "v" }], name: "x" }, "thing x", () => 1),
  ).toBe(1);
  const mismatch = () => replayCreation(p, "arn:x", { name: "x", tags: [] }, "thing x", () => 1);
  expect(mismatch).toThrow(/^Idempotent parameter mismatch: the thing x already exists/);
  expect(() => mismatch()).toThrow(expect.objectContaining({ code: "ValidationException" }));
  markModified(p, "arn:x");
  expect(() => replayCreation(p, "arn:x", { name: "x" }, "thing x", () => 1)).toThrow(
    expect.objectContaining({ code: "ConflictException" }),
  );
});
