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
import { ProtonStateError } from "../../core/errors";
import { preferSpelling } from "../../core/deploymentType";
import { defineResource, toState } from "../../core/resource";
import { readTags, reconcileTags, type TagMap } from "../../core/tags";
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
      // Proton refuses instance deployments while the service itself is being re-specified.
      await waitForService(ctx, serviceName);
      const { state } = await deploy(ctx, target, news);
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      return instanceState(ctx, state, news.spec, (changed.includes("tags") ? news.tags : olds.tags) ?? {});
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
  // The service exists (this resource depends on it): its creation spec may have listed the instance.
  const existing = await target.get();
  let live: LiveInstance;
  let liveTags: TagMap = {};
  if (existing) {
    // Listed by the service's creation spec (or added by an interrupted run): adopt and converge.
    if (inputs.environmentName && existing.environmentName !== inputs.environmentName) {
      throw new ProtonStateError(
        `${target.what} already runs in environment ${existing.environmentName}, not ${inputs.environmentName}`,
        REFUSED,
      );
    }
    ({ state: live } = await recordingFailure(target, id, stateOf, () =>
      deploy(ctx, target, inputs, existing),
    ));
    liveTags = await readTags(ctx, existing.arn);
  } else {
    const entry = { name, environment: inputs.environmentName as string, inputs: inputsOf(inputs.spec) };
    await respecService(ctx, serviceName, (entries) =>
      entries.some((e) => e.name === name) ? undefined : [...entries, entry],
    );
    live = await recordingFailure(target, id, stateOf, async () => {
      const added = await waitForDeployment(ctx, target);
      // Added instances start on the service's version: move to the one asked for, if any.
      return (await deploy(ctx, target, inputs, added)).state;
    });
  }
  if (live.arn) await reconcileTags(ctx, live.arn, liveTags, inputs.tags);
  return { id, outs: await instanceState(ctx, live, inputs.spec, inputs.tags ?? {}) };
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
    update: async (request, current, once) => {
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
      const answer = await ctx.call(
        "UpdateServiceInstance",
        (c) =>
          c.send(
            new UpdateServiceInstanceCommand(
              compact({ serviceName, name, ...request, spec, clientToken: token }),
            ),
          ),
        once,
      );
      return liveInstance(answer.serviceInstance, name);
    },
  };
}

async function instanceState(
  ctx: OperationContext,
  live: LiveInstance,
  previousSpec?: unknown,
  knownTags?: TagMap,
): Promise<ServiceInstanceState>;
async function instanceState(
  ctx: OperationContext,
  live: LiveInstance | undefined,
  previousSpec?: unknown,
  knownTags?: TagMap,
): Promise<ServiceInstanceState | undefined>;
/** `knownTags`: the tags this operation just wrote (read from Proton when not given). */
async function instanceState(
  ctx: OperationContext,
  live: LiveInstance | undefined,
  previousSpec?: unknown,
  knownTags?: TagMap,
): Promise<ServiceInstanceState | undefined> {
  if (!live) return undefined;
  const tags = knownTags ?? (await readTags(ctx, live.arn));
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
  return liveInstance(found?.serviceInstance, name);
}

/** Proton's instance detail with `spec` cut to the instance's own inputs. */
function liveInstance(detail: ServiceInstance | undefined, name: string): LiveInstance | undefined {
  if (!detail) return undefined;
  return { ...detail, spec: instanceSection(detail.spec, name), serviceSpec: detail.spec } as LiveInstance;
}

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const serviceInstanceProvider = withSpecCheck(
  serviceInstanceResource,
  "ServiceInstance",
  serviceInstanceSpecTarget,
);
