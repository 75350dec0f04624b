/**
 * ServiceInstance: one deployment of a service into an environment. It adopts an instance the
 * service's creation spec listed, or adds one by re-specifying the service with it (respec.ts); its
 * `spec` is the instance's own inputs, and each change deploys this instance only, with the
 * deploymentType from the table. Removing it re-specifies the service without it (Proton has no
 * DeleteServiceInstance); the last instance of a service stays until the service goes, as Proton
 * requires one.
 */
import {
  GetServiceInstanceCommand,
  UpdateServiceInstanceCommand,
  type ServiceInstance,
} from "@aws-sdk/client-proton";
import { nameRule, type Rule } from "../../core/check";
import { clientToken } from "../../core/clientToken";
import type { OperationContext } from "../../core/context";
import { present, ProtonStateError } from "../../core/errors";
import { preferSpelling } from "../../core/deploymentType";
import { defineResource, toState } from "../../core/resource";
import { readTags, reconcileTags } from "../../core/tags";
import { compact } from "../../core/values";
import { ServiceInstanceSchema, type ServiceInstanceInputs } from "../../generated/schema";
import {
  deploy,
  DEPLOYMENT_RULES,
  recordingFailure,
  REFUSED,
  waitForDeployment,
  waitUntilGone,
  withDeploymentRules,
  type Deployable,
  type DeployedState,
} from "../deployable";
import { respecService } from "./respec";
import { findService, waitForService } from "./service";
import { inputsOf, instanceSection, serviceSpec } from "./serviceSpec";
import { serviceInstanceSpecTarget, withSpecCheck } from "../specCheck";

export type ServiceInstanceState = ServiceInstanceInputs & DeployedState & Record<string, unknown>;

/** The live instance with `spec` narrowed to its own inputs; `serviceSpec` is Proton's whole document. */
type LiveInstance = ServiceInstance & DeployedState & { serviceSpec?: string };

const rules: Rule[] = [
  nameRule("name"),
  nameRule("serviceName"),
  nameRule("environmentName"),
  ...DEPLOYMENT_RULES,
];

export const instanceId = (serviceName: string, name: string) => `${serviceName}/${name}`;

function parseId(id: string): { serviceName: string; name: string } {
  const [serviceName, name] = id.split("/");
  return { serviceName, name };
}

const serviceInstanceResource = withDeploymentRules(
  defineResource<ServiceInstanceInputs, ServiceInstanceState>({
    schema: ServiceInstanceSchema,
    rules,
    uniqueBy: ["name"],
    describe: (bag, id) => String(id ?? instanceId(String(bag.serviceName), String(bag.name))),
    create,
    async read(ctx, id, props) {
      const { serviceName, name } = parseId(id);
      return instanceState(ctx, await findInstance(ctx, serviceName, name), props.spec);
    },
    async update(ctx, id, olds, news, changed) {
      const { serviceName, name } = parseId(id);
      const target = instanceTarget(ctx, serviceName, name);
      await waitForService(ctx, serviceName);
      await deploy(ctx, target, news);
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      const state = await instanceState(ctx, await target.get(), news.spec);
      return present(state, target.what, "disappeared during update");
    },
    async delete(ctx, id) {
      const { serviceName, name } = parseId(id);
      if (!(await findService(ctx, serviceName))) return;
      await removeInstance(ctx, serviceName, name);
    },
  }),
  { notInPlace: "replace" },
);

async function create(ctx: OperationContext, inputs: ServiceInstanceInputs) {
  const serviceName = inputs.serviceName as string;
  const name = inputs.name as string;
  const id = instanceId(serviceName, name);
  const target = instanceTarget(ctx, serviceName, name);
  const stateOf = async (live: LiveInstance | undefined) => ({
    ...inputs,
    ...(await instanceState(ctx, live, inputs.spec)),
  });
  await waitForService(ctx, serviceName);
  const existing = await target.get();
  if (existing) {
    // Listed by the service's creation spec (or added by an interrupted run): adopt and converge.
    if (inputs.environmentName && existing.environmentName !== inputs.environmentName) {
      throw new ProtonStateError(
        `${target.what} already runs in environment ${existing.environmentName}, not ${inputs.environmentName}`,
        REFUSED,
      );
    }
    await recordingFailure(target, id, stateOf, () => deploy(ctx, target, inputs));
    if (existing.arn) await reconcileTags(ctx, existing.arn, await readTags(ctx, existing.arn), inputs.tags);
  } else {
    const entry = { name, environment: inputs.environmentName as string, inputs: inputsOf(inputs.spec) };
    await respecService(ctx, serviceName, (entries) =>
      entries.some((e) => e.name === name) ? undefined : [...entries, entry],
    );
    await recordingFailure(target, id, stateOf, async () => {
      await waitForDeployment(ctx, target);
      // Added instances start on the service's version: move to the one asked for, if any.
      await deploy(ctx, target, inputs);
    });
    const created = await target.get();
    if (created?.arn) await reconcileTags(ctx, created.arn, {}, inputs.tags);
  }
  const state = await instanceState(ctx, await target.get(), inputs.spec);
  return { id, outs: present(state, target.what, "vanished right after creation") };
}

async function removeInstance(ctx: OperationContext, serviceName: string, name: string): Promise<void> {
  const target = instanceTarget(ctx, serviceName, name);
  let last = false;
  await respecService(ctx, serviceName, (entries) => {
    if (!entries.some((e) => e.name === name)) return undefined;
    const remaining = entries.filter((e) => e.name !== name);
    last = remaining.length === 0;
    return last ? undefined : remaining;
  });
  if (last) {
    ctx.log(
      `${target.what}: the last instance of a service is removed with the service; leaving it in place`,
    );
    return;
  }
  await waitUntilGone(ctx, target, "removal");
}

function instanceTarget(ctx: OperationContext, serviceName: string, name: string): Deployable<LiveInstance> {
  return {
    what: `ServiceInstance "${instanceId(serviceName, name)}"`,
    get: () => findInstance(ctx, serviceName, name),
    update: (request, current) => {
      const spec =
        request.spec === undefined
          ? undefined
          : serviceSpec([
              { name, environment: String(current.environmentName), inputs: inputsOf(request.spec) },
            ]);
      // Replays only a retry of this very attempt: a later attempt follows another deployment id.
      const token = clientToken("UpdateServiceInstance", {
        serviceName,
        name,
        ...request,
        after: current.lastAttemptedDeploymentId,
      });
      return ctx.call("UpdateServiceInstance", (c) =>
        c.send(
          new UpdateServiceInstanceCommand(
            compact({ serviceName, name, ...request, spec, clientToken: token }),
          ),
        ),
      );
    },
  };
}

async function instanceState(
  ctx: OperationContext,
  live: LiveInstance | undefined,
  previousSpec?: unknown,
): Promise<ServiceInstanceState | undefined> {
  if (!live) return undefined;
  const tags = await readTags(ctx, live.arn);
  return toState({ ...live, spec: preferSpelling(live.spec, previousSpec), tags }) as ServiceInstanceState;
}

/** The instance with `spec` cut to its own inputs, or undefined when it does not exist. */
export async function findInstance(
  ctx: OperationContext,
  serviceName: string,
  name: string,
): Promise<LiveInstance | undefined> {
  const found = await ctx.find("GetServiceInstance", (c) =>
    c.send(new GetServiceInstanceCommand({ serviceName, name })),
  );
  const detail = found?.serviceInstance;
  if (!detail) return undefined;
  return { ...detail, spec: instanceSection(detail.spec, name), serviceSpec: detail.spec } as LiveInstance;
}

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const serviceInstanceProvider = withSpecCheck(
  serviceInstanceResource,
  "ServiceInstance",
  serviceInstanceSpecTarget,
);
