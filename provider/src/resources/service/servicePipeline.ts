/**
 * ServicePipeline: the pipeline Proton creates with a service (unless its template is customer
 * managed). The resource adopts it and deploys changes of its inputs (`spec`: the `pipeline:`
 * section) and template version. It can be neither created nor deleted on its own: deleting the
 * resource leaves the pipeline to the service, and a lowered major version is refused at preview.
 */
import { UpdateServicePipelineCommand, type Service, type ServicePipeline } from "@aws-sdk/client-proton";
import { nameRule, type Rule } from "../../core/check";
import type { OperationContext } from "../../core/context";
import { present, ProtonStateError } from "../../core/errors";
import { preferSpelling } from "../../core/deploymentType";
import { defineResource, toState } from "../../core/resource";
import { ServicePipelineSchema, type ServicePipelineInputs } from "../../generated/schema";
import {
  deploy,
  DEPLOYMENT_RULES,
  recordingFailure,
  REFUSED,
  withDeploymentRules,
  type Deployable,
  type DeployedState,
} from "../deployable";
import { findService, waitForService } from "./service";
import { inputsOf, pipelineSection, withPipeline } from "./serviceSpec";
import { servicePipelineSpecTarget, withSpecCheck } from "../specCheck";

export type ServicePipelineState = ServicePipelineInputs & DeployedState & Record<string, unknown>;

type LivePipeline = ServicePipeline & DeployedState & { serviceSpec?: string; serviceName: string };

const rules: Rule[] = [nameRule("serviceName"), ...DEPLOYMENT_RULES];

async function getPipeline(ctx: OperationContext, serviceName: string): Promise<LivePipeline | undefined> {
  return pipelineOf(await findService(ctx, serviceName), serviceName);
}

/** The service's pipeline with `spec` cut to the pipeline inputs. */
function pipelineOf(service: Service | undefined, serviceName: string): LivePipeline | undefined {
  const pipeline = service?.pipeline;
  if (!pipeline) return undefined;
  return {
    ...pipeline,
    serviceName,
    spec: pipelineSection(pipeline.spec),
    serviceSpec: pipeline.spec,
  } as LivePipeline;
}

function pipelineTarget(ctx: OperationContext, serviceName: string): Deployable<LivePipeline> {
  return {
    what: `ServicePipeline "${serviceName}"`,
    get: () => getPipeline(ctx, serviceName),
    update: async (request, current, once) => {
      const answer = await ctx.call(
        "UpdateServicePipeline",
        (c) =>
          c.send(
            new UpdateServicePipelineCommand({
              serviceName,
              ...request,
              // Proton wants a whole service spec: the pipeline inputs swapped into the one it runs.
              spec: withPipeline(current.serviceSpec, inputsOf(request.spec ?? current.spec)),
            }),
          ),
        once,
      );
      return pipelineOf({ pipeline: answer.pipeline } as Service, serviceName);
    },
  };
}

function toPipelineState(
  live: LivePipeline | undefined,
  previousSpec?: unknown,
): ServicePipelineState | undefined {
  if (!live) return undefined;
  return toState({ ...live, spec: preferSpelling(live.spec, previousSpec) }) as ServicePipelineState;
}

async function converge(ctx: OperationContext, serviceName: string, inputs: ServicePipelineInputs) {
  const target = pipelineTarget(ctx, serviceName);
  // One GetService: Proton refuses pipeline deployments while the service is busy, and its answer
  // carries the pipeline.
  const live = pipelineOf(await waitForService(ctx, serviceName), serviceName);
  if (!live) {
    throw new ProtonStateError(
      `Service "${serviceName}" has no pipeline (its template's pipelineProvisioning is CUSTOMER_MANAGED)`,
      REFUSED,
    );
  }
  const { state } = await deploy(ctx, target, inputs, live);
  return present(toPipelineState(state, inputs.spec), target.what, "disappeared");
}

const servicePipelineResource = withDeploymentRules(
  defineResource<ServicePipelineInputs, ServicePipelineState>({
    schema: ServicePipelineSchema,
    rules,
    describe: (bag, id) => String(id ?? bag.serviceName),
    async create(ctx, inputs) {
      const serviceName = inputs.serviceName as string;
      // The pipeline exists with the service: a failed deployment is recorded, the next `up` updates it.
      const recorded = (live: LivePipeline | undefined) => ({
        ...inputs,
        ...toPipelineState(live, inputs.spec),
      });
      const state = await recordingFailure(pipelineTarget(ctx, serviceName), serviceName, recorded, () =>
        converge(ctx, serviceName, inputs),
      );
      return { id: serviceName, outs: state };
    },
    read: async (ctx, id, props) => toPipelineState(await getPipeline(ctx, id), props.spec),
    update: (ctx, id, _olds, news) => converge(ctx, id, news),
    // The pipeline lives and dies with its service.
    delete: async () => undefined,
  }),
  {
    notInPlace: "refuse",
    refusalHint: "A pipeline can't be replaced on its own: raise the version, or replace the service.",
  },
);

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const servicePipelineProvider = withSpecCheck(
  servicePipelineResource,
  "ServicePipeline",
  servicePipelineSpecTarget,
);
