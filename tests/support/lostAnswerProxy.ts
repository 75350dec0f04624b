/**
 * A test-side HTTP proxy in front of the emulator that loses answers: the request reaches the
 * emulator and is applied, then the client's connection is destroyed instead of getting the reply
 * (what a dropped connection after a successful create looks like to a client). Which mutating
 * calls lose their answer is seeded (`rate`) or scripted (`loseFirst`), so runs replay identically.
 * It can also throttle a seeded fraction of all calls (`throttleRate`: ThrottlingException, 429)
 * without passing them on. Used by tests and benchmarks until the emulator's own `lostAnswerRate`
 * fault is available.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface LostAnswerOptions {
  /** Where requests go (the emulator's URL). */
  target: string;
  /** Probability (0..1) that a mutating call's answer is lost. */
  rate?: number;
  seed?: number;
  /** Loses the answers of the first N calls of these operations (e.g. `{ CreateEnvironment: 1 }`). */
  loseFirst?: Record<string, number>;
  /** Probability (0..1) that a call is answered ThrottlingException without reaching the emulator. */
  throttleRate?: number;
}

export interface LostAnswerProxy {
  url: string;
  /** Operations whose answer was lost, in order. */
  readonly lost: string[];
  /** Calls answered with an injected ThrottlingException. */
  readonly throttled: string[];
  /** Replaces the options (target stays). */
  configure(options: Omit<LostAnswerOptions, "target">): void;
  stop(): Promise<void>;
}

/**
 * xorshift32, seeded through a multiplicative hash and a few discarded draws: raw xorshift answers
 * near-zero values for its first draws from a small seed, which would fault the first calls of every run.
 */
function seeded(seed: number): () => number {
  let x = Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x9e3779b1) >>> 0 || 0x9e3779b9;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  for (let i = 0; i < 8; i++) next();
  return next;
}

const operationOf = (headers: http.IncomingHttpHeaders) =>
  String(headers["x-amz-target"] ?? "")
    .split(".")
    .pop() ?? "";
const isMutating = (operation: string) => operation !== "" && !/^(Get|List)/.test(operation);

export async function startLostAnswerProxy(options: LostAnswerOptions): Promise<LostAnswerProxy> {
  const target = new URL(options.target);
  let settings: Omit<LostAnswerOptions, "target"> = options;
  let random = seeded(settings.seed ?? 1);
  let remaining = { ...(settings.loseFirst ?? {}) };
  const lost: string[] = [];
  const throttled: string[] = [];

  const server = http.createServer((req, res) => {
    const operation = operationOf(req.headers);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (settings.throttleRate !== undefined && random() < settings.throttleRate) {
        throttled.push(operation);
        res.writeHead(429, {
          "content-type": "application/x-amz-json-1.0",
          "x-amzn-errortype": "ThrottlingException",
        });
        return res.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
      }
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => body.push(chunk));
          answer.on("end", () => {
            const scripted = (remaining[operation] ?? 0) > 0;
            const drawn = isMutating(operation) && settings.rate !== undefined && random() < settings.rate;
            if (scripted || drawn) {
              if (scripted) remaining[operation] -= 1;
              lost.push(operation);
              // Applied by the emulator; the client never hears of it.
              return req.socket.destroy();
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      // The emulator dropped the connection (its own fault injection): drop ours the same way.
      upstream.on("error", () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lost,
    throttled,
    configure(next) {
      settings = next;
      random = seeded(next.seed ?? 1);
      remaining = { ...(next.loseFirst ?? {}) };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
