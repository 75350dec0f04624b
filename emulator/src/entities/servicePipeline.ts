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
import { markModified } from "../idempotency";
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
  newDeployable,
  outputsPage,
  planUpdate,
  provisionedResourcesPage,
  startDeployment,
  templateOf,
  type DeployableKind,
  type DeploymentTarget,
  type DeploymentType,
} from "./deployment";
import { accountSettingsOf, pipelineProvisioningOf } from "./accountSettings.records";
import { parseServiceSpec } from "./serviceSpec";
import { checkSpecInputs, deployedInputs } from "./specInputs";

const PREFIX = "servicePipeline";

/**
 * Pipelines as the deployment state machine addresses them (work target: the service name; fail-next
 * subjects: `<service>/pipeline`, the pipeline ARN, or the service name). The account settings decide
 * how they are provisioned (a pipeline provisioning repository: self-managed).
 */
export const pipelineKind: DeployableKind<ServicePipelineRecord> = {
  prefix: PREFIX,
  type: "SERVICE_PIPELINE",
  find: (ctx, serviceName) => servicesOf(ctx.partition)[serviceName]?.pipeline,
  byArn: (ctx, arn) =>
    Object.values(servicesOf(ctx.partition)).find((service) => service.pipeline?.arn === arn)?.pipeline,
  ref: (ctx, record) => ({
    prefix: PREFIX,
    target: record.serviceName,
    subjects: [`${record.serviceName}/pipeline`, record.arn, record.serviceName],
    type: "SERVICE_PIPELINE",
    arn: record.arn,
    names: { environmentName: "", serviceName: record.serviceName },
    provisioning: pipelineProvisioningOf(accountSettingsOf(ctx.partition)),
    account: ctx.accountId,
    inputsOf: (spec) => deployedInputs(ctx, "pipeline", record, parseServiceSpec(spec).pipeline),
  }),
};

/** Whether services of a template get a Proton pipeline (see CreateServiceTemplate's pipelineProvisioning). */
export const providesPipeline = (template: { pipelineProvisioning?: string }): boolean =>
  template.pipelineProvisioning === undefined;

/** The pipeline of a new service, starting its first deployment. */
export function createPipeline(
  ctx: OperationContext,
  service: ServiceRecord,
  target: DeploymentTarget,
): ServicePipelineRecord {
  const record: ServicePipelineRecord = {
    arn: ctx.arn(arnResource.servicePipeline(service.name)),
    serviceName: service.name,
    ...newDeployable(ctx, service.templateName, target),
  };
  startDeployment(ctx, record, pipelineKind.ref(ctx, record), target);
  return record;
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
  if (target !== undefined) {
    const ref = { templateName: service.templateName, ...target };
    const inputs = parseServiceSpec(target.spec).pipeline ?? {};
    checkSpecInputs(ctx, "pipeline", ref, inputs, `the pipeline of service ${service.name}`);
    startDeployment(ctx, pipeline, pipelineKind.ref(ctx, pipeline), target);
  }
  markModified(ctx.partition, service.arn);
  return { pipeline: pipelineView(pipeline) };
}

function cancel(
  ctx: OperationContext,
  input: CancelServicePipelineDeploymentInput,
): CancelServicePipelineDeploymentOutput {
  const service = quietService(ctx, input.serviceName as string);
  const pipeline = findPipeline(service);
  cancelDeployment(ctx, pipeline, pipelineKind.ref(ctx, pipeline), `The pipeline of service ${service.name}`);
  markModified(ctx.partition, service.arn);
  return { pipeline: pipelineView(pipeline) };
}

function listOutputs(
  ctx: OperationContext,
  input: ListServicePipelineOutputsInput,
): ListServicePipelineOutputsOutput {
  const pipeline = findPipeline(findService(ctx, input.serviceName as string));
  return outputsPage(ctx, pipeline, pipeline.arn, input.deploymentId);
}

export const servicePipeline: EntityModule = {
  operations: {
    UpdateServicePipeline: update,
    CancelServicePipelineDeployment: cancel,
    ListServicePipelineOutputs: listOutputs,
    ListServicePipelineProvisionedResources: (ctx, input: ListServicePipelineProvisionedResourcesInput) =>
      provisionedResourcesPage(ctx, findPipeline(findService(ctx, input.serviceName as string))),
  },
  settlers: deploymentSettlers(pipelineKind),
};
