/**
 * Progress lines (waits, retries, planned deploymentTypes) go to the engine's Log service, attributed to
 * the resource whose call produced them: each call runs inside `withResource(urn, ...)`, and the core's
 * progress logger (one per process) finds the URN of the call it was invoked from.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { grpc } from "./rpc";

const current = new AsyncLocalStorage<string>();

/** Runs `fn` as a call about the resource `urn` (its progress lines name it). */
export function withResource<T>(urn: string, fn: () => Promise<T>): Promise<T> {
  return current.run(urn, fn);
}

export type Logger = (message: string) => void;

/** A logger writing to the engine at `address`, or to stderr when there is no engine (tools, tests). */
export function engineLogger(address: string | undefined): Logger {
  if (!address) return (message) => process.stderr.write(`${message}\n`);
  const engine = new EngineClient(address, grpc.credentials.createInsecure());
  return (message) => {
    const request = new LogRequest();
    request.setSeverity(LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(current.getStore() ?? "");
    // A lost progress line must never fail the operation it describes.
    engine.log(request, () => undefined);
  };
}
