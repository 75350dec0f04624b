/**
 * The deployment flow shared by everything Proton deploys from a template version: environments,
 * service instances and service pipelines. One place decides the deploymentType (from the table in
 * core/deploymentType.ts), waits out deployments already in flight, starts the update and waits until
 * it settles; another wraps a resource provider so preview shows (or refuses) what Proton cannot
 * deploy in place.
 */
import type * as pulumi from "@pulumi/pulumi";
import { versionRule, type Rule } from "../core/check";
import { answerWasLost, logProgress, type CallOptions, type OperationContext } from "../core/context";
import {
  FAILED_ATTEMPTS,
  decideDeployment,
  specsEqual,
  type DeployedTemplate,
  type DeploymentPlan,
  type DeploymentType,
  type DesiredTemplate,
} from "../core/deploymentType";
import { isConflict, PartialFailure, ProtonStateError } from "../core/errors";
import { withExtraCheck } from "../core/resource";
import { containsUnknown, type PropertyBag } from "../core/values";
import { GONE } from "../core/wait";

/** What every deployable reports (Environment, ServiceInstance, ServicePipeline share these members). */
export interface DeployedState extends DeployedTemplate {
  deploymentStatusMessage?: string;
  lastAttemptedDeploymentId?: string;
}

/**
 * Validation of what a deployable's own deployment takes (ServiceInstance, ServicePipeline): its spec
 * is its own inputs, a YAML mapping (empty: no inputs).
 */
export const DEPLOYMENT_RULES: readonly Rule[] = [
  { property: "spec", type: "string", maxLength: 51200, yamlMapping: true },
  versionRule("templateMajorVersion"),
  versionRule("templateMinorVersion"),
];

/** The Update* request for one deployment: `spec` is omitted for NONE (Proton refuses it there). */
export interface UpdateRequest extends DeploymentPlan {
  spec?: string;
}

/** How one deployable entity is read and updated; the rest of the flow is shared. */
export interface Deployable<T extends DeployedState> {
  /** How messages name it, e.g. `Environment "dev"`. */
  what: string;
  get(): Promise<T | undefined>;
  /**
   * Sends the Update call; `current` is what Proton runs now (to send only changed metadata).
   * `once` goes with the call (ctx.call options): for a deploying update, it reads whether an
   * attempt whose answer was lost started the deployment, so the request is never applied twice.
   * Answers the detail Proton returned, when it did.
   */
  update(request: UpdateRequest, current: T, once: CallOptions): Promise<T | undefined>;
  /** Whether members changed that the Update call sets without deploying (then NONE is still sent). */
  metadataChanged?(current: T): boolean;
  /**
   * Who ends its deployments when Proton does not (self-managed provisioning): named in the wait's
   * progress lines, so a user knows the run waits for their pipeline, not for Proton.
   */
  settledBy?: string;
}

/** The status of a ProtonStateError raised before any deployment started (a refusal). */
export const REFUSED = "REFUSED";

/** Statuses during which Proton refuses other changes to the resource. */
export const BUSY_STATUSES: readonly string[] = ["IN_PROGRESS", "CANCELLING", "DELETE_IN_PROGRESS"];
const IDLE_STATUSES: readonly string[] = [
  "SUCCEEDED",
  "DELETE_FAILED",
  "DELETE_COMPLETE",
  ...FAILED_ATTEMPTS,
];

/**
 * Waits out a deployment already in flight (someone else's, or ours from an interrupted run).
 * `known`: a detail just read, judged first instead of reading it again.
 */
export async function waitUntilIdle<T extends DeployedState>(
  ctx: OperationContext,
  target: Deployable<T>,
  known?: T,
): Promise<T> {
  const { value } = await ctx.waitFor({
    description: `${target.what} (waiting for the deployment in progress)`,
    poll: () => target.get(),
    status: (v) => v?.deploymentStatus ?? "UNKNOWN",
    succeeded: IDLE_STATUSES,
    failed: [],
    ...(known ? { initial: known } : {}),
  });
  return value as T;
}

/** Waits until the target is gone (`what`: "deletion", "removal"); DELETE_FAILED throws. */
export async function waitUntilGone<T extends DeployedState>(
  ctx: OperationContext,
  target: Deployable<T>,
  what: string,
  answered?: T,
): Promise<void> {
  await ctx.waitFor({
    description: `${target.what} ${what}`,
    poll: () => target.get(),
    status: (v) => v?.deploymentStatus ?? GONE,
    succeeded: [GONE],
    failed: ["DELETE_FAILED"],
    statusMessage: (v) => v?.deploymentStatusMessage,
    ...(answered ? { initial: answered } : {}),
  });
}

/**
 * For a call Proton refuses while a deployment runs (ConflictException): waits until the target is
 * idle and answers whether to send again (it still exists). The decision comes from its state.
 */
export function retryWhenIdle<T extends DeployedState>(ctx: OperationContext, target: Deployable<T>) {
  return async (error: unknown): Promise<boolean> => {
    if (!isConflict(error)) return false;
    const live = await target.get();
    if (!live || !BUSY_STATUSES.includes(live.deploymentStatus ?? "")) return false;
    await waitUntilIdle(ctx, target, live);
    return true;
  };
}

/**
 * Waits for the deployment started after `previousAttempt` to settle. FAILED and CANCELLED throw with
 * Proton's deploymentStatusMessage.
 */
export async function waitForDeployment<T extends DeployedState>(
  ctx: OperationContext,
  target: Deployable<T>,
  previousAttempt?: string,
  answered?: T,
): Promise<T> {
  const { value } = await ctx.waitFor({
    description: `${target.what} deployment${target.settledBy ? ` (waiting for ${target.settledBy})` : ""}`,
    poll: () => target.get(),
    // Until Proton records the new attempt, the status on record still belongs to the previous one.
    status: (v) =>
      previousAttempt !== undefined && v?.lastAttemptedDeploymentId === previousAttempt
        ? "STARTING"
        : (v?.deploymentStatus ?? "UNKNOWN"),
    succeeded: ["SUCCEEDED"],
    failed: FAILED_ATTEMPTS,
    statusMessage: (v) => v?.deploymentStatusMessage,
    ...(answered ? { initial: answered } : {}),
  });
  return value as T;
}

export interface DeployResult<T> {
  state: T;
  /** What was sent; undefined when nothing needed an Update call. */
  deploymentType?: DeploymentType;
}

/**
 * Brings a deployed resource to `desired`: waits for any deployment in flight, decides the
 * deploymentType from what Proton runs now, sends one Update and waits for it to settle.
 * A NONE update is sent only when the target reports changed metadata (description, roles).
 * `known`: a detail just read (judged first, not read again).
 *
 * Proton refuses an Update while a deployment runs (ConflictException). That is decided from state,
 * never retried blindly: wait until idle, then decide again from what runs. A retried Update whose
 * first answer was lost meets its own deployment this way, and is not sent twice.
 */
export async function deploy<T extends DeployedState>(
  ctx: OperationContext,
  target: Deployable<T>,
  desired: DesiredTemplate,
  known?: T,
): Promise<DeployResult<T>> {
  let current = await waitUntilIdle(ctx, target, known);
  for (let conflicts = 0; ; conflicts++) {
    const decision = decideDeployment(current, desired);
    if (decision.kind === "notInPlace") {
      throw new ProtonStateError(`${target.what}: ${decision.reason}`, REFUSED);
    }
    const { deploymentType, templateMajorVersion, templateMinorVersion } = decision;
    if (deploymentType === "NONE" && !target.metadataChanged?.(current)) return { state: current };
    ctx.log(`${target.what}: updating with deploymentType ${deploymentType}`);
    try {
      const once: CallOptions =
        deploymentType === "NONE"
          ? {}
          : {
              applied: async () =>
                (await target.get())?.lastAttemptedDeploymentId !== current.lastAttemptedDeploymentId,
            };
      const request = {
        deploymentType,
        ...(templateMajorVersion !== undefined ? { templateMajorVersion } : {}),
        ...(templateMinorVersion !== undefined ? { templateMinorVersion } : {}),
        ...(deploymentType !== "NONE" ? { spec: desired.spec ?? current.spec } : {}),
      };
      // Started, but the answer was lost: wait for that deployment rather than start another.
      const answered = await target.update(request, current, once).catch((error: unknown) => {
        if (answerWasLost(error)) return undefined;
        throw error;
      });
      if (deploymentType === "NONE") return { state: answered ?? current, deploymentType };
      const state = await waitForDeployment(ctx, target, current.lastAttemptedDeploymentId, answered);
      return { state, deploymentType };
    } catch (error) {
      if (!isConflict(error) || conflicts >= ctx.settings.maxRetries) throw error;
      const settled = await waitUntilIdle(ctx, target);
      const status = settled.deploymentStatus ?? "UNKNOWN";
      // A deployment ran meanwhile and failed: report it as ours would be, don't redeploy blindly.
      if (
        settled.lastAttemptedDeploymentId !== current.lastAttemptedDeploymentId &&
        FAILED_ATTEMPTS.includes(status)
      ) {
        const message = settled.deploymentStatusMessage;
        throw new ProtonStateError(
          `${target.what} deployment ended in ${status}${message ? `: ${message}` : ""}`,
          status,
        );
      }
      current = settled;
    }
  }
}

/** Builds the state recorded for a resource that exists in Proton but failed to deploy. */
export type PartialState<T> = (live: T | undefined) => PropertyBag | Promise<PropertyBag>;

/**
 * Runs a create step on a resource that already exists in Proton (waiting for its first deployment,
 * or deploying onto an adopted one). A failed deployment leaves the resource there, so it is reported
 * as a partial failure: the engine records it (with `properties`) and the next `up` updates it
 * instead of creating a duplicate.
 */
export async function recordingFailure<T extends DeployedState, R>(
  target: Deployable<T>,
  id: string,
  properties: PartialState<T>,
  step: () => Promise<R>,
): Promise<R> {
  try {
    return await step();
  } catch (error) {
    // Refusals decided before anything was deployed are plain errors: nothing to record.
    if (!(error instanceof ProtonStateError) || error.status === REFUSED) throw error;
    const live = await target.get();
    if (!live) throw error;
    throw new PartialFailure(id, await properties(live), [error.message]);
  }
}

/** What a resource does with a change Proton cannot deploy in place. */
export interface NotInPlacePolicy {
  /** Whether the resource can be replaced (delete + create) when Proton cannot deploy in place. */
  notInPlace: "replace" | "refuse";
  /** Extra guidance appended to a refusal. */
  refusalHint?: string;
}

const desiredOf = (news: PropertyBag): DesiredTemplate => ({
  templateName: news.templateName as string | undefined,
  templateMajorVersion: news.templateMajorVersion as string | undefined,
  templateMinorVersion: news.templateMinorVersion as string | undefined,
  spec: news.spec as string | undefined,
});

const deployedOf = (olds: PropertyBag): DeployedTemplate => ({
  ...desiredOf(olds),
  deploymentStatus: olds.deploymentStatus as string | undefined,
});

/** The plan as a reviewer reads it in `pulumi preview`. */
export function describePlan(plan: DeploymentPlan): string {
  const { deploymentType, templateMajorVersion: major, templateMinorVersion: minor } = plan;
  const target =
    deploymentType === "NONE"
      ? "metadata only, no deployment"
      : major === undefined
        ? "current template version"
        : minor === undefined
          ? `major version ${major}, its recommended minor`
          : `template version ${major}.${minor}`;
  return `planned deploymentType ${deploymentType} (${target})`;
}

/** Unknown values (during preview) decide nothing yet. */
function knownDecision(olds: PropertyBag, news: PropertyBag) {
  const desired = desiredOf(news);
  if (Object.values(desired).some(containsUnknown)) return undefined;
  return decideDeployment(deployedOf(olds), desired);
}

/**
 * Adds the deployment rules to a provider built by the core: a change Proton cannot deploy in place
 * becomes a replacement in the diff, or a check failure, so `preview` shows it instead of `up`
 * discovering it half-way.
 */
export function withDeploymentRules<I extends PropertyBag, O extends PropertyBag>(
  provider: pulumi.dynamic.ResourceProvider<I, O>,
  policy: NotInPlacePolicy,
): pulumi.dynamic.ResourceProvider<I, O> {
  const checked = withExtraCheck(provider, (olds, news) => {
    const hasOlds = olds && Object.keys(olds).length > 0;
    const decision = policy.notInPlace === "refuse" && hasOlds ? knownDecision(olds, news) : undefined;
    if (decision?.kind !== "notInPlace") return [];
    return [
      { property: decision.property, reason: `${decision.reason}. ${policy.refusalHint ?? ""}`.trim() },
    ];
  });
  const { diff } = provider;
  return {
    ...checked,
    async diff(id: string, olds: O, news: I) {
      // Specs are YAML: a re-spelled but equal spec is no change (and never a lasting diff).
      const sameSpec =
        typeof news.spec === "string" && specsEqual(olds.spec as string | undefined, news.spec);
      const compared = sameSpec ? ({ ...news, spec: olds.spec } as I) : news;
      const base = diff ? await diff(id, olds, compared) : { changes: false };
      const decision = knownDecision(olds, news);
      // A last attempt that failed is redeployed even with unchanged inputs.
      const redeploy = decision?.kind === "deploy" && decision.rule.when.last === "failed";
      if (decision?.kind !== "notInPlace" || policy.notInPlace !== "replace") {
        const result = redeploy ? { ...base, changes: true } : base;
        // Preview shows changed inputs only; this line tells a reviewer which deployment Proton will run.
        if (result.changes && !result.replaces?.length && decision?.kind !== "notInPlace") {
          logProgress(
            `${id}: ${decision ? describePlan(decision) : "deploymentType decided at update, once the template version is known"}`,
          );
        }
        return result;
      }
      const replaces = [...new Set([...(base.replaces ?? []), decision.property])];
      // Names are unique in Proton: the old resource must go before its replacement is created.
      return { ...base, changes: true, replaces, deleteBeforeReplace: true };
    },
  };
}
