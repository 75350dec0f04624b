/** HTTP front: routes Proton (AWS JSON 1.0 on POST /) and /_emulator/ test control. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate } from "./auth";
import { CallLog, isReadOnly } from "./callLog";
import { CONTROL_PREFIX, handleControl } from "./control";
import { entityModules } from "./entities";
import { internal, ProtonError, throttled } from "./errors";
import { Faults } from "./faults";
import { advance, createContext, Registry, systemClock, type Clock } from "./operations";
import { operationOf, parseBody, sendError, sendOutput } from "./protocol";
import { Store } from "./store";
import { validateInput } from "./validation";

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
}

export interface RunningEmulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const deploymentMs = options.deploymentMs ?? 2000;
  const defaults = { accountId: options.accountId ?? "123456789012", region: options.region ?? "us-east-1" };
  const clock = options.clock ?? systemClock;
  const store = Store.open({ file: options.statePath, deploymentMs });
  store.state.deploymentMs = deploymentMs; // the command line wins over a persisted control setting
  const registry = new Registry(entityModules);
  const faults = new Faults();
  const calls = new CallLog();
  const controlDeps = { store, faults, calls, initialDeploymentMs: deploymentMs };

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

  const handleProton = (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const caller = authenticate(req.headers, defaults);
    const operation = operationOf(req.headers);
    const body = parseBody(raw);
    calls.record({ operation, ...caller, input: body, time: clock.now() });
    const decision = faults.decide(clock.now());
    if (decision === "drop") return req.socket.destroy();
    if (decision === "throttle") throw throttled("Rate exceeded");
    if (decision === "fault") throw internal("Injected fault: internal server error");
    advance(store, clock, registry);
    validateInput(operation, body);
    const handler = registry.operations.get(operation);
    if (!handler) throw internal(`The emulator does not implement ${operation} yet.`);
    const output = handler(createContext(store, clock, operation, caller.accountId, caller.region), body);
    if (!isReadOnly(operation)) store.markDirty();
    sendOutput(res, output);
  };

  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const url = req.url ?? "/";
        if (url.startsWith(CONTROL_PREFIX)) {
          const reply = handleControl(controlDeps, req.method ?? "GET", url, raw);
          res.writeHead(reply.status, { "content-type": "application/json" });
          res.end(JSON.stringify(reply.body));
        } else {
          try {
            handleProton(req, res, raw);
          } catch (err) {
            if (!(err instanceof ProtonError)) console.error("emulator: unexpected error", err);
            sendError(res, err instanceof ProtonError ? err : internal("Internal server error"));
          }
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
