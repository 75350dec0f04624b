/**
 * Service pipelines: Proton provides one for every service whose template doesn't set
 * `pipelineProvisioning: CUSTOMER_MANAGED`. Embedded in the service record (`service.pipeline`),
 * deployed by the shared deployment state machine, inputs taken from the spec's `pipeline:` section.
 */
import type {
  CancelServicePipelineDeploymentInput,
  CancelServicePipelineDeploymentOutput,
  ListServicePipelineOutputsInput,
  ListServicePipelineOutputsOutput,
  ListServicePipelineProvisionedResourcesInput,
  ServicePipeline,
  UpdateServicePipelineInput,
  UpdateServicePipelineOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { notFound } from "../errors";
import type { EntityModule, OperationContext } from "../operations";
import {
  findService,
  quietService,
  servicesOf,
  type ServicePipelineRecord,
  type ServiceRecord,
} from "./service.records";
import {
  assertNotBusy,
  cancelDeployment,
  catalogOf,
  currentTarget,
  deploymentSettlers,
  deploymentView,
  firstDeployment,
  noProvisionedResources,
  outputsPage,
  planUpdate,
  startDeployment,
  templateOf,
  type DeployableRef,
  type DeploymentTarget,
  type DeploymentType,
} from "./deployment";
import { parseServiceSpec } from "./serviceSpec";

const PREFIX = "servicePipeline";

/** Fail-next subjects: `<service>/pipeline`, the pipeline ARN, or the service name. */
const pipelineRef = (ctx: OperationContext, serviceName: string): DeployableRef => ({
  prefix: PREFIX,
  target: serviceName,
  subjects: [`${serviceName}/pipeline`, ctx.arn(arnResource.servicePipeline(serviceName)), serviceName],
});

/** Whether services of a template get a Proton pipeline (see CreateServiceTemplate's pipelineProvisioning). */
export const providesPipeline = (template: { pipelineProvisioning?: string }): boolean =>
  template.pipelineProvisioning === undefined;

/** The pipeline of a new service, starting its first deployment. */
export function createPipeline(
  ctx: OperationContext,
  service: ServiceRecord,
  target: DeploymentTarget,
): ServicePipelineRecord {
  return {
    arn: ctx.arn(arnResource.servicePipeline(service.name)),
    ...firstDeployment(ctx, pipelineRef(ctx, service.name), service.templateName, target),
  };
}

export function pipelineView(record: ServicePipelineRecord): ServicePipeline {
  return { arn: record.arn, ...deploymentView(record) };
}

function findPipeline(service: ServiceRecord): ServicePipelineRecord {
  if (!service.pipeline) throw notFound(`The service ${service.name} has no pipeline.`);
  return service.pipeline;
}

function update(ctx: OperationContext, input: UpdateServicePipelineInput): UpdateServicePipelineOutput {
  const service = quietService(ctx, input.serviceName as string);
  const pipeline = findPipeline(service);
  assertNotBusy(pipeline, `The pipeline of service ${service.name}`);
  const deploymentType = input.deploymentType as DeploymentType;
  // The model requires a spec even for NONE, which deploys nothing: the spec is then not used.
  const spec = deploymentType === "NONE" ? undefined : input.spec;
  if (spec !== undefined) parseServiceSpec(spec);
  const target = planUpdate(
    currentTarget(pipeline),
    { ...input, spec, deploymentType },
    catalogOf(templateOf(ctx, "service", service.templateName)),
  );
  if (target !== undefined) startDeployment(ctx, pipeline, pipelineRef(ctx, service.name), target);
  return { pipeline: pipelineView(pipeline) };
}

function cancel(
  ctx: OperationContext,
  input: CancelServicePipelineDeploymentInput,
): CancelServicePipelineDeploymentOutput {
  const service = quietService(ctx, input.serviceName as string);
  const pipeline = findPipeline(service);
  cancelDeployment(ctx, pipeline, pipelineRef(ctx, service.name), `The pipeline of service ${service.name}`);
  return { pipeline: pipelineView(pipeline) };
}

function listOutputs(
  ctx: OperationContext,
  input: ListServicePipelineOutputsInput,
): ListServicePipelineOutputsOutput {
  const pipeline = findPipeline(findService(ctx, input.serviceName as string));
  return outputsPage(pipeline, input, (spec) => parseServiceSpec(spec).pipeline);
}

export const servicePipeline: EntityModule = {
  operations: {
    UpdateServicePipeline: update,
    CancelServicePipelineDeployment: cancel,
    ListServicePipelineOutputs: listOutputs,
    ListServicePipelineProvisionedResources: noProvisionedResources(
      (ctx, input: ListServicePipelineProvisionedResourcesInput) =>
        findPipeline(findService(ctx, input.serviceName as string)),
    ),
  },
  settlers: deploymentSettlers(
    PREFIX,
    (ctx, serviceName) => servicesOf(ctx.partition)[serviceName]?.pipeline,
  ),
};
