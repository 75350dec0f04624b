/**
 * Test control under /_emulator/ (not part of Proton; no authentication). A table of routes, each
 * `METHOD path` -> handler(body) -> JSON reply. controlClient.ts is the typed client for it.
 */
import type { CallLog } from "./callLog";
import { gitPush } from "./entities/gitHost";
import type { FaultSettings, Faults } from "./faults";
import { satisfies } from "./validation";
import type { Clock } from "./operations";
import type { Store } from "./store";

export const CONTROL_PREFIX = "/_emulator/";

export interface ControlDeps {
  store: Store;
  faults: Faults;
  calls: CallLog;
  /** The delay the emulator was started with; reset restores it. */
  initialDeploymentMs: number;
  /** The emulator's clock (Git pushes are timestamped with it). */
  clock: Clock;
}

export class ControlError extends Error {}

type Body = Record<string, unknown>;
type Route = (deps: ControlDeps, body: Body) => unknown;

const optionalNumber = (body: Body, key: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= min && value <= max))
    throw new ControlError(`${key} must be a number between ${min} and ${max}`);
  return value;
};

const requiredString = (body: Body, key: string) => {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw new ControlError(`${key} must be a non-empty string`);
  return value;
};

/** A Git push: repository and branch as Proton's model spells them, files path -> content or null. */
function pushRequest(body: Body) {
  const provider = body.provider ?? "GITHUB";
  if (typeof provider !== "string" || !satisfies("RepositoryProvider", provider))
    throw new ControlError("provider must be GITHUB, GITHUB_ENTERPRISE or BITBUCKET");
  const repository = requiredString(body, "repository");
  if (!satisfies("RepositoryName", repository))
    throw new ControlError("repository must be a repository name such as myorg/myrepo");
  const branch = requiredString(body, "branch");
  if (!satisfies("GitBranchName", branch)) throw new ControlError("branch must be 1-200 characters");
  const files = body.files;
  if (typeof files !== "object" || files === null || Array.isArray(files) || Object.keys(files).length === 0)
    throw new ControlError("files must be an object of path -> content (a string, or null to delete)");
  for (const [path, content] of Object.entries(files))
    if (path.replace(/^(\.?\/)+/, "") === "" || (content !== null && typeof content !== "string"))
      throw new ControlError(`files.${path}: a path must name a file, its content must be a string or null`);
  const message = body.message;
  if (message !== undefined && typeof message !== "string")
    throw new ControlError("message must be a string");
  return {
    provider: provider as "GITHUB",
    repository,
    branch,
    files: files as Record<string, string | null>,
    ...(message === undefined ? {} : { message }),
  };
}

const routes: Readonly<Record<string, Route>> = {
  "GET health": () => ({ ok: true }),
  "POST reset": (deps) => {
    deps.store.reset();
    deps.store.state.deploymentMs = deps.initialDeploymentMs;
    deps.faults.configure({});
    deps.calls.clear();
    return { ok: true };
  },
  "GET deployment-delay": (deps) => ({ deploymentMs: deps.store.state.deploymentMs }),
  "POST deployment-delay": (deps, body) => {
    const deploymentMs = optionalNumber(body, "deploymentMs", 0);
    if (deploymentMs === undefined) throw new ControlError("deploymentMs is required");
    deps.store.state.deploymentMs = deploymentMs;
    deps.store.markDirty();
    return { deploymentMs };
  },
  "POST fail-next-deployment": (deps, body) => {
    const subject = typeof body.arn === "string" ? body.arn : requiredString(body, "resourceName");
    const message = requiredString(body, "message");
    deps.store.state.failNext[subject] = message;
    deps.store.markDirty();
    return { subject, message };
  },
  "GET faults": (deps) => deps.faults.current(),
  "POST faults": (deps, body) => {
    const settings: FaultSettings = {
      throttleAboveRps: optionalNumber(body, "throttleAboveRps", 0),
      faultRate: optionalNumber(body, "faultRate", 0, 1),
      dropRate: optionalNumber(body, "dropRate", 0, 1),
      lostAnswerRate: optionalNumber(body, "lostAnswerRate", 0, 1),
      seed: optionalNumber(body, "seed", 0),
    };
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    deps.faults.configure(defined);
    return deps.faults.current();
  },
  "POST git-push": (deps, body) => gitPush(deps.store, deps.clock, pushRequest(body)),
  "GET calls": (deps) => deps.calls.snapshot(),
  "DELETE calls": (deps) => {
    deps.calls.clear();
    return { ok: true };
  },
};

export interface ControlReply {
  status: number;
  body: unknown;
}

export function handleControl(deps: ControlDeps, method: string, url: string, raw: string): ControlReply {
  const name = url.slice(CONTROL_PREFIX.length).split("?")[0];
  const route = routes[`${method} ${name}`];
  if (!route)
    return { status: 404, body: { message: `no control route ${method} ${CONTROL_PREFIX}${name}` } };
  let body: Body = {};
  try {
    const parsed: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new ControlError("body must be a JSON object");
    body = parsed as Body;
    return { status: 200, body: route(deps, body) };
  } catch (err) {
    if (err instanceof ControlError || err instanceof SyntaxError)
      return { status: 400, body: { message: err.message } };
    throw err;
  }
}
