/** Typed client for the /_emulator/ test-control API (control.ts). */
import type { CallReport } from "./callLog";
import type { PushReply, PushRequest } from "./entities/gitHost";
import type { FaultSettings } from "./faults";

export type { CallRecord, CallReport } from "./callLog";
export type { PushReply, PushRequest } from "./entities/gitHost";
export type { FaultSettings } from "./faults";

export interface FailNextDeployment {
  /** Resource name (template, environment, service, instance...) or its ARN. */
  resourceName?: string;
  arn?: string;
  message: string;
}

export class ControlClient {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, route: string, body?: object): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_emulator/${route}`, {
      method,
      headers: body ? { "content-type": "application/json" } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = (await response.json()) as T & { message?: string };
    if (!response.ok)
      throw new Error(`emulator control ${method} ${route}: ${payload.message ?? response.status}`);
    return payload;
  }

  health = () => this.call<{ ok: boolean }>("GET", "health");
  /** Empties all state, restores the start-up deployment delay, clears faults and the call log. */
  reset = () => this.call<{ ok: boolean }>("POST", "reset");
  getDeploymentDelay = () => this.call<{ deploymentMs: number }>("GET", "deployment-delay");
  /** Applies to work scheduled from now on. */
  setDeploymentDelay = (deploymentMs: number) =>
    this.call<{ deploymentMs: number }>("POST", "deployment-delay", { deploymentMs });
  /** The next deployment/registration of that resource settles as failed with `message`. */
  failNextDeployment = (request: FailNextDeployment) =>
    this.call<{ subject: string; message: string }>("POST", "fail-next-deployment", request);
  /** Replaces the fault settings; `{}` turns faults off. */
  setFaults = (settings: FaultSettings) => this.call<FaultSettings>("POST", "faults", settings);
  getFaults = () => this.call<FaultSettings>("GET", "faults");
  /**
   * Pushes a commit to the simulated Git host (files: path -> content, null deletes; provider defaults to
   * GITHUB) and answers its id and what it started syncing in each account that linked the repository.
   */
  gitPush = (request: Omit<PushRequest, "provider"> & { provider?: PushRequest["provider"] }) =>
    this.call<PushReply>("POST", "git-push", request);
  calls = () => this.call<CallReport>("GET", "calls");
  clearCalls = () => this.call<{ ok: boolean }>("DELETE", "calls");
}
