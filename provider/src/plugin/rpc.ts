/**
 * The gRPC and protobuf pieces of the provider protocol, and plain-JSON conversions. @grpc/grpc-js and
 * google-protobuf are loaded from @pulumi/pulumi's own location: its generated message classes and
 * service definitions were built against those copies, and a second copy would not interoperate. They
 * are @pulumi/pulumi's dependencies, not this package's, so they are never imported by name here.
 */
import { createRequire } from "node:module";
import type * as grpcModule from "@grpc/grpc-js";
import type * as anyModule from "google-protobuf/google/protobuf/any_pb";
import type * as emptyModule from "google-protobuf/google/protobuf/empty_pb";
import type * as structModule from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import type { PropertyBag } from "../core/values";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));

export const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcModule;
export const anyproto = fromPulumi("google-protobuf/google/protobuf/any_pb") as typeof anyModule;
export const emptyproto = fromPulumi("google-protobuf/google/protobuf/empty_pb") as typeof emptyModule;
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof structModule;

export type Struct = structModule.Struct;

/** A protobuf Struct as a plain bag; an absent struct (an import's Read has no state) is empty. */
export function bagOf(struct: Struct | undefined): PropertyBag {
  return struct ? (struct.toJavaScript() as PropertyBag) : {};
}

/** A plain bag as a Struct: undefined members dropped, Dates as ISO strings (JSON semantics). */
export function structOf(bag: PropertyBag | undefined): Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(bag ?? {})) as Record<string, never>);
}

/** The engine wraps secret values in signature objects where the provider accepts secrets (Configure). */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== "object") return value;
  if (pulumi.runtime.isRpcSecret(value)) return unwrapSecrets((value as { value: unknown }).value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}
