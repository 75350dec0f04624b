/**
 * Component: a directly defined Proton component (an inline IaC file and its manifest) attached to a
 * service instance or associated with an environment alone. Create deploys it; each update compares
 * what Proton runs now with the arguments and sends the UpdateComponent calls that close the gap
 * (`planComponentUpdates`: CURRENT_VERSION for the IaC file, the service spec, the attachment or a
 * failed last attempt; NONE for the description alone); a move to another instance is a detach then an
 * attach, as Proton requires. Delete detaches first (Proton deletes detached components only).
 *
 * The manifest is never returned by Proton and UpdateComponent cannot change it: it replaces the
 * component, and reads keep it as declared. The IaC file Proton runs is read from the component's last
 * successful deployment (the last attempt's before any success). Both are secrets in the SDK.
 */
import {
  CreateComponentCommand,
  DeleteComponentCommand,
  GetComponentCommand,
  GetDeploymentCommand,
  GetServiceInstanceCommand,
  ListComponentOutputsCommand,
  UpdateComponentCommand,
  type Component,
} from "@aws-sdk/client-proton";
import type * as pulumi from "@pulumi/pulumi";
import { nameRule, type CheckFailure, type Rule } from "../core/check";
import { clientToken, createOnce } from "../core/clientToken";
import { logProgress, type OperationContext } from "../core/context";
import { FAILED_ATTEMPTS, preferSpelling, specsEqual } from "../core/deploymentType";
import { present, ProtonStateError } from "../core/errors";
import { GONE } from "../core/wait";
import { defineResource, toState, withExtraCheck } from "../core/resource";
import { readTags, reconcileTags, toTagList } from "../core/tags";
import { compact, containsUnknown, sameValue, type PropertyBag } from "../core/values";
import { ComponentSchema, type ComponentInputs } from "../generated/schema";
import {
  recordingFailure,
  waitForDeployment,
  waitUntilGone,
  waitUntilIdle,
  type Deployable,
  type DeployedState,
} from "./deployable";
import { assertAdoptable, readUserTags, userTags, withOwnerTag } from "./ownership";

export type ComponentState = ComponentInputs & DeployedState & Record<string, unknown>;

type LiveComponent = Component & DeployedState;

const optionalName = (property: string): Rule => ({ ...nameRule(property), required: false });

const rules: Rule[] = [
  nameRule("name"),
  optionalName("environmentName"),
  optionalName("serviceName"),
  optionalName("serviceInstanceName"),
  { property: "manifest", type: "string", minLength: 1, maxLength: 1024, yaml: true },
  { property: "templateFile", type: "string", minLength: 1, maxLength: 51200 },
  { property: "serviceSpec", type: "string", minLength: 1, maxLength: 51200, yaml: true },
  { property: "description", type: "string", maxLength: 500 },
];

// ---------------------------------------------------------------------------------------------------
// What an update sends

/** The service instance a component is (or is to be) attached to. */
export interface Attachment {
  serviceName: string;
  serviceInstanceName: string;
}

/** What Proton runs (or the program asks for) as far as deployments go. */
export interface ComponentShape {
  serviceName?: string;
  serviceInstanceName?: string;
  serviceSpec?: string;
  templateFile?: string;
  description?: string;
  /** What Proton runs only: the last attempt's status. */
  deploymentStatus?: string;
}

/** One UpdateComponent call. Empty service names detach. */
export interface ComponentUpdate {
  deploymentType: "NONE" | "CURRENT_VERSION";
  serviceName?: string;
  serviceInstanceName?: string;
  serviceSpec?: string;
  templateFile?: string;
  description?: string;
}

export const attachmentOf = (shape: ComponentShape): Attachment | undefined =>
  shape.serviceName && shape.serviceInstanceName
    ? { serviceName: shape.serviceName, serviceInstanceName: shape.serviceInstanceName }
    : undefined;

const sameAttachment = (a?: Attachment, b?: Attachment) =>
  a?.serviceName === b?.serviceName && a?.serviceInstanceName === b?.serviceInstanceName;

const DETACH = { serviceName: "", serviceInstanceName: "" } as const;

/**
 * The UpdateComponent calls that bring `live` to `desired`, in order (none when nothing differs):
 * - another instance while attached: a detach first (Proton attaches detached components only), then
 *   the attach with the rest;
 * - an attach, a detach, another IaC file, another service spec (compared as YAML; an omitted one keeps
 *   Proton's) or a failed/cancelled last attempt: one CURRENT_VERSION carrying the IaC file (always: a
 *   rollback may have left Proton on an older one), the service spec when it changes or the component
 *   attaches, the description when it changed;
 * - the description alone: NONE (an empty description clears it).
 */
export function planComponentUpdates(live: ComponentShape, desired: ComponentShape): ComponentUpdate[] {
  const from = attachmentOf(live);
  const to = attachmentOf(desired);
  const description = sameValue(live.description, desired.description)
    ? undefined
    : (desired.description ?? "");
  const steps: ComponentUpdate[] = [];
  if (from && to && !sameAttachment(from, to)) steps.push({ deploymentType: "CURRENT_VERSION", ...DETACH });
  const attaches = !sameAttachment(from, to);
  const specChanged =
    to !== undefined &&
    desired.serviceSpec !== undefined &&
    !specsEqual(live.serviceSpec, desired.serviceSpec);
  const deploys =
    attaches ||
    specChanged ||
    (desired.templateFile !== undefined && desired.templateFile !== live.templateFile) ||
    FAILED_ATTEMPTS.includes(live.deploymentStatus ?? "");
  if (deploys) {
    steps.push(
      compact({
        deploymentType: "CURRENT_VERSION" as const,
        ...(attaches ? (to ?? DETACH) : {}),
        serviceSpec: specChanged || (attaches && to) ? desired.serviceSpec : undefined,
        templateFile: desired.templateFile,
        description,
      }),
    );
  } else if (description !== undefined) steps.push({ deploymentType: "NONE", description });
  return steps;
}

/** The plan as a reviewer reads it in `pulumi preview`. */
export function describeUpdates(
  live: ComponentShape,
  desired: ComponentShape,
  steps: ComponentUpdate[],
): string {
  if (steps.length === 0) return "no deployment";
  const last = steps[steps.length - 1];
  if (last.deploymentType === "NONE") return "planned deploymentType NONE (description only, no deployment)";
  const from = attachmentOf(live);
  const to = attachmentOf(desired);
  const what = [
    ...(from && to && steps.length > 1
      ? [`detach from ${from.serviceInstanceName}, then attach to ${to.serviceInstanceName}`]
      : to && !from
        ? [`attach to ${to.serviceInstanceName}`]
        : from && !to
          ? [`detach from ${from.serviceInstanceName}`]
          : []),
    ...(desired.templateFile !== undefined && desired.templateFile !== live.templateFile
      ? ["templateFile"]
      : []),
    ...(to && desired.serviceSpec !== undefined && !specsEqual(live.serviceSpec, desired.serviceSpec)
      ? ["serviceSpec"]
      : []),
    ...(FAILED_ATTEMPTS.includes(live.deploymentStatus ?? "")
      ? ["redeploy after a failed last attempt"]
      : []),
  ];
  const times = steps.length > 1 ? ` ${steps.length} times` : "";
  return `planned deploymentType CURRENT_VERSION${times} (${what.join(", ")})`;
}

// ---------------------------------------------------------------------------------------------------
// Preview: cross-member checks, moves that can't happen in place, the planned deploymentType

const set = (value: unknown) => value !== undefined && value !== null && value !== "";

/** Checks the schema's per-property rules cannot say: where the component goes. */
function placementFailures(news: PropertyBag): CheckFailure[] {
  const { environmentName, serviceName, serviceInstanceName, serviceSpec } = news;
  if ([environmentName, serviceName, serviceInstanceName, serviceSpec].some(containsUnknown)) return [];
  const failures: CheckFailure[] = [];
  if (set(serviceName) !== set(serviceInstanceName)) {
    failures.push({
      property: set(serviceName) ? "serviceInstanceName" : "serviceName",
      reason: "serviceName and serviceInstanceName attach the component together: give both or neither",
    });
  } else if (!set(serviceName)) {
    if (!set(environmentName))
      failures.push({
        property: "environmentName",
        reason: "is required unless serviceName and serviceInstanceName attach the component",
      });
    if (set(serviceSpec))
      failures.push({
        property: "serviceSpec",
        reason: "applies to components attached to a service instance only",
      });
  }
  return failures;
}

const shapeOf = (bag: PropertyBag): ComponentShape => ({
  serviceName: bag.serviceName as string | undefined,
  serviceInstanceName: bag.serviceInstanceName as string | undefined,
  serviceSpec: bag.serviceSpec as string | undefined,
  templateFile: bag.templateFile as string | undefined,
  description: bag.description as string | undefined,
  deploymentStatus: bag.deploymentStatus as string | undefined,
});

/**
 * The core's provider plus what the property table cannot say: placement checks; a service spec that
 * is left out or re-spelled is no change; a failed last attempt is a change (it is deployed again); a
 * move to another instance without `environmentName` replaces the component (it could be a move to
 * another environment, which Proton can't do in place); preview prints the planned deploymentType.
 */
function withComponentRules<I extends PropertyBag, O extends PropertyBag>(
  provider: pulumi.dynamic.ResourceProvider<I, O>,
): pulumi.dynamic.ResourceProvider<I, O> {
  const checked = withExtraCheck(provider, (_olds, news, result) => placementFailures(result.inputs ?? news));
  const { diff } = provider;
  return {
    ...checked,
    async diff(id: string, olds: O, news: I) {
      const from = attachmentOf(shapeOf(olds));
      const to = attachmentOf(shapeOf(news));
      const spec = news.serviceSpec as string | undefined;
      const keepSpec =
        (spec === undefined && sameAttachment(from, to)) ||
        (typeof spec === "string" && specsEqual(olds.serviceSpec as string | undefined, spec));
      const compared = keepSpec ? ({ ...news, serviceSpec: olds.serviceSpec } as I) : news;
      const base = diff ? await diff(id, olds, compared) : { changes: false };
      if (news.environmentName === undefined && from && to && !sameAttachment(from, to)) {
        const replaces = [...new Set([...(base.replaces ?? []), "serviceInstanceName"])];
        return { ...base, changes: true, replaces, deleteBeforeReplace: true };
      }
      const redeploy = FAILED_ATTEMPTS.includes(String(olds.deploymentStatus ?? ""));
      const result = redeploy ? { ...base, changes: true } : base;
      if (result.changes && !result.replaces?.length) {
        const desired = shapeOf(compared);
        const unknown = Object.values(desired).some(containsUnknown);
        const steps = unknown ? [] : planComponentUpdates(shapeOf(olds), desired);
        if (unknown || steps.length > 0)
          logProgress(
            `${id}: ${unknown ? "deploymentType decided at update, once every input is known" : describeUpdates(shapeOf(olds), desired, steps)}`,
          );
      }
      return result;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The resource

export const componentProvider = withComponentRules(
  defineResource<ComponentInputs, ComponentState>({
    schema: ComponentSchema,
    rules,
    uniqueBy: ["name"],
    autoName: { property: "name", maxLength: 100 },
    describe: (bag, id) => String(bag.name ?? id ?? "(unnamed)"),

    create: createComponent,

    read: (ctx, id, props) => componentState(ctx, id, props),

    async update(ctx, id, olds, news, changed) {
      const target = componentTarget(ctx, id);
      await converge(ctx, target, news);
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      return present(await componentState(ctx, id, news), target.what, "disappeared during update");
    },

    async delete(ctx, id) {
      const target = componentTarget(ctx, id);
      if (!(await target.get())) return;
      const current = await idle(ctx, target);
      const attachment = attachmentOf(current);
      if (attachment) {
        ctx.log(
          `${target.what}: detaching from service instance ${attachment.serviceInstanceName} before deletion (Proton deletes detached components only)`,
        );
        await send(ctx, target, current, { deploymentType: "CURRENT_VERSION", ...DETACH }).catch(
          (error: unknown) => {
            if (!(error instanceof ProtonStateError)) throw error;
            throw new ProtonStateError(
              `${error.message} (detaching before deletion: the template file must also deploy without service instance inputs)`,
              error.status,
              error.timedOut,
            );
          },
        );
      }
      await ctx.call("DeleteComponent", (c) => c.send(new DeleteComponentCommand({ name: id })));
      await waitUntilGone(ctx, target, "deletion");
    },
  }),
);

async function createComponent(ctx: OperationContext, inputs: ComponentInputs) {
  const name = inputs.name as string;
  const target = componentTarget(ctx, name);
  const recorded = async (live: LiveComponent | undefined) => ({
    ...inputs,
    ...(await componentState(ctx, name, inputs, live)),
  });

  const existing = await target.get();
  if (existing) {
    // Ours from an interrupted run (the owner tag says so): converge it instead of failing.
    const liveTags = await readTags(ctx, existing.arn);
    assertAdoptable(target.what, name, liveTags, inputs);
    ctx.log(`${target.what}: adopting the component an earlier run of this stack created`);
    await recordingFailure(target, name, recorded, () => converge(ctx, target, inputs));
    await reconcileTags(ctx, String(existing.arn), userTags(liveTags), inputs.tags);
  } else {
    const request = compact({
      name,
      environmentName: inputs.environmentName,
      serviceName: inputs.serviceName,
      serviceInstanceName: inputs.serviceInstanceName,
      manifest: inputs.manifest,
      templateFile: inputs.templateFile,
      serviceSpec: inputs.serviceSpec,
      description: inputs.description,
      tags: toTagList(withOwnerTag(inputs.tags, inputs.owner)),
    });
    const attachment = attachmentOf(inputs);
    if (attachment) await instanceIdle(ctx, attachment);
    await createOnce({
      token: clientToken("Component", { owner: inputs.owner, request }),
      create: (token) =>
        ctx.call("CreateComponent", (c) =>
          c.send(new CreateComponentCommand({ ...request, clientToken: token })),
        ),
      exists: async () => (await target.get()) !== undefined,
      // A not-found answer is a replayed token of a deleted component, or a missing environment or
      // instance: a fresh token tells them apart (the second answer stands).
      replayedDeleted: async () => true,
    });
    await recordingFailure(target, name, recorded, () => waitForDeployment(ctx, target));
  }
  const state = await componentState(ctx, name, inputs);
  return { id: name, outs: present(state, target.what, "vanished right after creation") };
}

/** Waits out deployments in flight, then sends the updates that bring what Proton runs to the inputs. */
async function converge(ctx: OperationContext, target: ComponentTarget, inputs: ComponentInputs) {
  let current = await idle(ctx, target);
  const live = { ...current, templateFile: await deployedTemplateFile(ctx, current) };
  const steps = planComponentUpdates(live, { ...inputs, serviceSpec: serviceSpecToSend(live, inputs) });
  for (const step of steps) current = await send(ctx, target, current, step);
}

/** An omitted service spec keeps Proton's while the attachment stays. */
const serviceSpecToSend = (current: ComponentShape, inputs: ComponentInputs) =>
  inputs.serviceSpec ??
  (sameAttachment(attachmentOf(current), attachmentOf(inputs)) ? current.serviceSpec : undefined);

/** The component idle (no deployment in flight), and the instance it is attached to too (Proton requires both). */
async function idle(ctx: OperationContext, target: Deployable<LiveComponent>): Promise<LiveComponent> {
  const current = await waitUntilIdle(ctx, target);
  const attachment = attachmentOf(current);
  if (attachment) await instanceIdle(ctx, attachment);
  return current;
}

/** One UpdateComponent, then its deployment (none for NONE). */
async function send(
  ctx: OperationContext,
  target: ComponentTarget,
  current: LiveComponent,
  update: ComponentUpdate,
): Promise<LiveComponent> {
  const attachment = attachmentOf(update);
  if (attachment) await instanceIdle(ctx, attachment);
  ctx.log(`${target.what}: updating with deploymentType ${update.deploymentType}`);
  await target.send(update, current);
  if (update.deploymentType === "NONE") return (await target.get()) ?? current;
  return waitForDeployment(ctx, target, current.lastAttemptedDeploymentId);
}

/** Live details shaped like the inputs (so refresh shows drift member by member) plus every output. */
async function componentState(
  ctx: OperationContext,
  name: string,
  previous: PropertyBag,
  found?: LiveComponent,
): Promise<ComponentState | undefined> {
  const live = found ?? (await componentTarget(ctx, name).get());
  if (!live) return undefined;
  const [templateFile, tags, outputs] = await Promise.all([
    deployedTemplateFile(ctx, live),
    readUserTags(ctx, live.arn),
    readOutputs(ctx, live),
  ]);
  // The manifest is never returned: the core keeps it as declared.
  return toState({
    ...live,
    serviceSpec: preferSpelling(live.serviceSpec, previous.serviceSpec),
    templateFile,
    tags,
    outputs,
  }) as ComponentState;
}

// find / status / wait helpers last, so every API call of the resource is in this file.

type ComponentTarget = Deployable<LiveComponent> & {
  /** One UpdateComponent call, as planComponentUpdates plans them. */
  send(update: ComponentUpdate, current: LiveComponent): Promise<unknown>;
};

/** The component as the deployment flow sees it: find (Get), and its UpdateComponent calls. */
function componentTarget(ctx: OperationContext, name: string): ComponentTarget {
  const send = (update: ComponentUpdate, current: LiveComponent) => {
    // Replays only a retry of this very attempt: a later attempt follows another deployment id.
    const token = clientToken("UpdateComponent", {
      name,
      ...update,
      after: current.lastAttemptedDeploymentId,
    });
    return ctx.call("UpdateComponent", (c) =>
      c.send(new UpdateComponentCommand({ name, ...update, clientToken: token })),
    );
  };
  return {
    what: `Component "${name}"`,
    get: async () => {
      const found = await ctx.find("GetComponent", (c) => c.send(new GetComponentCommand({ name })));
      return found?.component as LiveComponent | undefined;
    },
    // The shared flow decides template deploymentTypes; a component's updates come from its own plan.
    update: async (request, current) =>
      (
        await send(
          { deploymentType: request.deploymentType === "NONE" ? "NONE" : "CURRENT_VERSION" },
          current,
        )
      ).component as LiveComponent | undefined,
    send,
  };
}

/** The IaC file Proton runs: its last successful deployment's, else its last attempt's. */
async function deployedTemplateFile(ctx: OperationContext, live: LiveComponent): Promise<string | undefined> {
  const id = live.lastSucceededDeploymentId ?? live.lastAttemptedDeploymentId;
  if (!id) return undefined;
  const found = await ctx.find("GetDeployment", (c) =>
    c.send(new GetDeploymentCommand({ id, componentName: live.name })),
  );
  return found?.deployment?.targetState?.component?.templateFile;
}

/** The outputs of the last successful deployment, by key. */
async function readOutputs(ctx: OperationContext, live: LiveComponent): Promise<Record<string, string>> {
  if (!live.lastSucceededDeploymentId) return {};
  const found = await ctx.find("ListComponentOutputs", (c) =>
    c.send(new ListComponentOutputsCommand({ componentName: live.name })),
  );
  return Object.fromEntries((found?.outputs ?? []).map((o) => [o.key ?? "", o.valueString ?? ""]));
}

/** Waits until the service instance has no deployment in flight (Proton refuses component changes then). */
async function instanceIdle(ctx: OperationContext, attachment: Attachment): Promise<void> {
  const { serviceName, serviceInstanceName: name } = attachment;
  await ctx.waitFor({
    description: `ServiceInstance "${serviceName}/${name}" (waiting for its deployment in progress)`,
    poll: async () =>
      (
        await ctx.find("GetServiceInstance", (c) =>
          c.send(new GetServiceInstanceCommand({ serviceName, name })),
        )
      )?.serviceInstance,
    status: (instance) => instance?.deploymentStatus ?? "UNKNOWN",
    // Gone (or deleted meanwhile): Proton's answer to the component call says what that means.
    succeeded: ["SUCCEEDED", "FAILED", "CANCELLED", "DELETE_FAILED", GONE],
    failed: [],
  });
}
