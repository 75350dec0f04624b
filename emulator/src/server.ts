/** HTTP front: routes Proton (AWS JSON 1.0 on POST /) and /_emulator/ test control. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate } from "./auth";
import { CallLog, isReadOnly } from "./callLog";
import { CONTROL_PREFIX, handleControl } from "./control";
import { entityModules } from "./entities";
import { internal, isModelledError, ProtonError, throttled, unknownOperation } from "./errors";
import { Faults, type FaultDecision } from "./faults";
import { model, type OperationName } from "./model";
import { advance, createContext, Registry, systemClock, type Clock } from "./operations";
import {
  isJsonRequest,
  operationOf,
  parseBody,
  sendError,
  sendOutput,
  sendTooLarge,
  sendUnroutable,
} from "./protocol";
import { Store } from "./store";
import { outputProblems, validateInput } from "./validation";
import { handleS3, MAX_OBJECT_BYTES } from "./s3/api";
import { localObjects, type ObjectSource } from "./s3/buckets.records";
import { remoteObjects } from "./s3/remote";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** JSON state file: loaded at start (a corrupt file fails the start), rewritten after each change. */
  statePath?: string;
  /** Delay before registrations, deployments and deletions settle. */
  deploymentMs?: number;
  region?: string;
  accountId?: string;
  clock?: Clock;
  /**
   * Check every answer against the model (output shape; errors the operation models) and answer an
   * InternalServerException naming the departure: emulator bugs surface in tests. Off by default (cost).
   */
  checkOutputs?: boolean;
  /**
   * Read template bundles from this S3-compatible endpoint (path-style, the process's AWS credentials)
   * instead of the emulator's own S3, which still answers on the emulator's port.
   */
  s3Endpoint?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Largest request body read. Proton documents no limit; no input member is longer than 51200 characters,
 * so every valid request is far smaller. A larger body is refused before it is read whole.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** The body, or undefined once it passes `limit` bytes (nothing past that is read). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers["content-length"]) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      resolve(undefined);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** What a request came to before its answer: the operation it named, the fault injected into it. */
interface Attempt {
  operation?: OperationName;
  fault: FaultDecision;
}

/** An error as it is answered; with checkOutputs, one the operation does not model is an emulator bug. */
function answerable(err: unknown, operation: OperationName | undefined, check: boolean): ProtonError {
  if (!(err instanceof ProtonError)) {
    console.error("emulator: unexpected error", err);
    return internal("Internal server error");
  }
  if (
    check &&
    operation &&
    isModelledError(err.code) &&
    !model.operations[operation].errors.includes(err.code)
  ) {
    const bug = `Emulator bug: ${operation} answered ${err.code} (${err.message}), which it does not model.`;
    console.error(`emulator: ${bug}`);
    return internal(bug);
  }
  return err;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const deploymentMs = options.deploymentMs ?? 2000;
  const defaults = { accountId: options.accountId ?? "123456789012", region: options.region ?? "us-east-1" };
  const clock = options.clock ?? systemClock;
  const checkOutputs = options.checkOutputs === true;
  const store = Store.open({ file: options.statePath, deploymentMs });
  store.state.deploymentMs = deploymentMs; // the command line wins over a persisted control setting
  const registry = new Registry(entityModules);
  const faults = new Faults();
  const calls = new CallLog();
  const controlDeps = { store, faults, calls, initialDeploymentMs: deploymentMs, clock };
  const objects: ObjectSource = options.s3Endpoint ? remoteObjects(options.s3Endpoint) : localObjects(store);
  const s3Deps = { store, calls, defaults, now: () => clock.now() };

  // Settle due work even when no request arrives, so persisted state and waiters move on their own.
  let timer: NodeJS.Timeout | undefined;
  const settle = () => {
    if (advance(store, clock, registry) > 0) store.flush();
    arm();
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    const next = store.nextDue();
    timer = next === undefined ? undefined : setTimeout(settle, Math.max(0, next - clock.now()));
    timer?.unref();
  };

  /**
   * The output of a Proton request, checks made in the order AWS front ends make them; throws a
   * ProtonError. `attempt` tells the caller what was decided on the way (operation, injected fault).
   */
  const run = (req: http.IncomingMessage, raw: string, attempt: Attempt) => {
    const body = parseBody(raw);
    const operation = operationOf(req.headers);
    attempt.operation = operation;
    const handler = registry.operations.get(operation);
    if (!handler) throw unknownOperation(`The emulator does not implement ${operation} yet.`);
    const caller = authenticate(req.headers, defaults);
    calls.record({ operation, ...caller, input: body, time: clock.now() });
    attempt.fault = faults.decide(clock.now());
    if (attempt.fault === "throttle") throw throttled("Rate exceeded");
    if (attempt.fault === "fault") throw internal("Injected fault: internal server error");
    if (attempt.fault === "drop") return undefined;
    advance(store, clock, registry);
    validateInput(operation, body);
    const ctx = createContext(store, clock, operation, caller.accountId, caller.region, objects);
    const output = handler(ctx, body);
    if (!isReadOnly(operation)) store.markDirty();
    const problems = checkOutputs ? outputProblems(operation, output) : [];
    if (problems.length > 0) {
      const bug = `Emulator bug: the ${operation} answer departs from the model: ${problems.join("; ")}`;
      console.error(`emulator: ${bug}`);
      throw internal(bug);
    }
    return output;
  };

  /** Registrations read their bundle in the handler, which is synchronous: fetch it first when remote. */
  const prefetchBundle = async (req: http.IncomingMessage, raw: string) => {
    if (!options.s3Endpoint) return;
    try {
      const operation = operationOf(req.headers);
      if (!/^Create(Environment|Service)TemplateVersion$/.test(operation)) return;
      const s3 = (parseBody(raw) as { source?: { s3?: { bucket?: unknown; key?: unknown } } }).source?.s3;
      if (typeof s3?.bucket !== "string" || typeof s3.key !== "string") return;
      const caller = authenticate(req.headers, defaults);
      await objects.prefetch(caller.accountId, caller.region, s3.bucket, s3.key);
    } catch {
      // The request itself is refused (by run) with the proper error.
    }
  };

  const handleProton = async (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    if (!isJsonRequest(req.headers)) return sendUnroutable(res);
    await prefetchBundle(req, raw);
    const attempt: Attempt = { fault: "none" };
    let send: () => void;
    try {
      const output = run(req, raw, attempt);
      send = () => sendOutput(res, output);
    } catch (err) {
      const error = answerable(err, attempt.operation, checkOutputs);
      send = () => sendError(res, error);
    }
    // A dropped request was never applied; a lost answer was, and its connection dies before the reply.
    if (attempt.fault === "drop" || attempt.fault === "lose") req.socket.destroy();
    else send();
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    // Proton is POST /; test control lives under /_emulator/; every other request is S3's.
    const s3 = !url.startsWith(CONTROL_PREFIX) && !(req.method === "POST" && url.split("?")[0] === "/");
    readBody(req, s3 ? MAX_OBJECT_BYTES : MAX_REQUEST_BYTES)
      .then(async (raw) => {
        if (raw === undefined) {
          sendTooLarge(res);
          res.once("finish", () => req.socket.destroy());
        } else if (s3) {
          handleS3(s3Deps, req, res, raw);
        } else if (url.startsWith(CONTROL_PREFIX)) {
          const reply = handleControl(controlDeps, req.method ?? "GET", url, raw.toString("utf8"));
          res.writeHead(reply.status, { "content-type": "application/json" });
          res.end(JSON.stringify(reply.body));
        } else {
          await handleProton(req, res, raw.toString("utf8"));
        }
        store.flush();
        arm();
      })
      .catch((err: unknown) => {
        console.error("emulator: request failed", err);
        if (!res.headersSent) sendError(res, internal("Internal server error"));
      });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  advance(store, clock, registry);
  store.flush();
  arm();
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        if (timer) clearTimeout(timer);
        store.flush();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
