/**
 * Service instances: one per `instances:` entry of a service spec, each deployed into an environment
 * whose template the service template version declares compatible. Created and removed by
 * CreateService/UpdateService/DeleteService (service.ts); updated, cancelled and read here.
 */
import type {
  CancelServiceInstanceDeploymentInput,
  CancelServiceInstanceDeploymentOutput,
  CreateServiceInstanceInput,
  CreateServiceInstanceOutput,
  GetServiceInstanceInput,
  GetServiceInstanceOutput,
  ListServiceInstanceOutputsInput,
  ListServiceInstanceOutputsOutput,
  ListServiceInstanceProvisionedResourcesInput,
  ListServiceInstancesFilter,
  ListServiceInstancesInput,
  ListServiceInstancesOutput,
  ServiceInstance,
  ServiceInstanceSummary,
  UpdateServiceInstanceInput,
  UpdateServiceInstanceOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { conflict, validation } from "../errors";
import { markModified } from "../idempotency";
import type { EntityModule, OperationContext } from "../operations";
import { descendingKey, paddedNumber, paginate } from "../pagination";
import type { Partition } from "../store";
import { componentsAttachedTo } from "./component.records";
import { findEnvironment, provisioningOf } from "./environment.records";
import { findService, quietService, servicesOf, type ServiceRecord } from "./service.records";
import {
  allInstancesOf,
  findInstance,
  instanceKey,
  type ServiceInstanceRecord,
} from "./serviceInstance.records";
import { templatesOf, type TemplateVersionRecord } from "./templates.records";
import {
  assertNotBusy,
  cancelDeployment,
  catalogOf,
  createTarget,
  currentTarget,
  deleteSettler,
  deploymentSettlers,
  deploymentView,
  dropDeployments,
  isBusy,
  newDeployable,
  outputsPage,
  provisionedResourcesPage,
  planUpdate,
  startDeployment,
  templateOf,
  type DeployableKind,
  type DeploymentTarget,
  type DeploymentType,
} from "./deployment";
import { parseServiceSpec, type ServiceSpecInstance } from "./serviceSpec";
import { checkSpecInputs, deployedInputs } from "./specInputs";
import { omit } from "./views";

const PREFIX = "serviceInstance";

/**
 * Service instances as the deployment state machine addresses them (work target: `service/instance`;
 * fail-next subjects: the name, `service/instance` or the ARN). They are provisioned the way their
 * environment is (self-managed environments: self-managed instances).
 */
export const instanceKind: DeployableKind<ServiceInstanceRecord> = {
  prefix: PREFIX,
  type: "SERVICE_INSTANCE",
  find: (ctx, key) => allInstancesOf(ctx.partition)[key],
  byArn: (ctx, arn) => Object.values(allInstancesOf(ctx.partition)).find((record) => record.arn === arn),
  ref(ctx, record) {
    const key = instanceKey(record.serviceName, record.name);
    const environment = findEnvironment(ctx, record.environmentName);
    const pipeline = servicesOf(ctx.partition)[record.serviceName]?.pipeline;
    return {
      prefix: PREFIX,
      target: key,
      subjects: [record.name, key, record.arn],
      type: "SERVICE_INSTANCE",
      arn: record.arn,
      names: {
        environmentName: record.environmentName,
        serviceName: record.serviceName,
        serviceInstanceName: record.name,
      },
      provisioning: provisioningOf(environment),
      account: environment.environmentAccountId ?? ctx.accountId,
      inputsOf: (spec) =>
        deployedInputs(
          ctx,
          "service",
          record,
          parseServiceSpec(spec).instances.find((entry) => entry.name === record.name)?.inputs,
        ),
      stateExtras: () => ({
        lastSuccessfulEnvironmentDeploymentId: environment.lastSucceededDeploymentId,
        lastSuccessfulServicePipelineDeploymentId: pipeline?.lastSucceededDeploymentId,
      }),
    };
  },
};

/** Refuses an environment an instance of `version` can't be deployed into. */
export function checkPlacement(
  ctx: OperationContext,
  version: TemplateVersionRecord,
  environmentName: string,
): void {
  const environment = findEnvironment(ctx, environmentName);
  if (environment.deploymentStatus === "DELETE_IN_PROGRESS") {
    throw conflict(`The environment ${environmentName} is being deleted.`);
  }
  const compatible = (version.compatibleEnvironmentTemplates ?? []).some(
    (candidate) =>
      candidate.templateName === environment.templateName &&
      candidate.majorVersion === environment.templateMajorVersion,
  );
  if (!compatible) {
    throw validation(
      `Service template ${version.templateName}:${version.majorVersion}.${version.minorVersion} isn't compatible ` +
        `with environment ${environmentName} (${environment.templateName} major version ${environment.templateMajorVersion}).`,
    );
  }
}

/** Adds an instance of `service` from a spec entry and starts its first deployment. */
export function createInstance(
  ctx: OperationContext,
  service: ServiceRecord,
  entry: ServiceSpecInstance,
  target: DeploymentTarget,
  tags?: Parameters<OperationContext["tags"]["register"]>[1],
): ServiceInstanceRecord {
  const record: ServiceInstanceRecord = {
    name: entry.name,
    arn: ctx.arn(arnResource.serviceInstance(service.name, entry.name)),
    serviceName: service.name,
    environmentName: entry.environment,
    ...newDeployable(ctx, service.templateName, target),
  };
  allInstancesOf(ctx.partition)[instanceKey(service.name, entry.name)] = record;
  startDeployment(ctx, record, instanceKind.ref(ctx, record), target);
  ctx.tags.register(record.arn, tags);
  return record;
}

/** Removes an instance for good (its deletion settled). */
export function dropInstance(ctx: OperationContext, record: ServiceInstanceRecord): void {
  delete allInstancesOf(ctx.partition)[instanceKey(record.serviceName, record.name)];
  ctx.tags.drop(record.arn);
  dropDeployments(ctx, record.arn);
}

function view(record: ServiceInstanceRecord): ServiceInstance {
  return {
    name: record.name,
    arn: record.arn,
    serviceName: record.serviceName,
    environmentName: record.environmentName,
    ...deploymentView(record),
    lastClientRequestToken: record.lastClientRequestToken,
  };
}

const summary = (record: ServiceInstanceRecord): ServiceInstanceSummary =>
  omit(view(record), "spec", "lastClientRequestToken");

/**
 * Create/UpdateServiceInstance: `change` runs once per client token, on the instance's service while
 * that is not busy; the answer is the instance as it is now.
 */
function changeOnce(
  ctx: OperationContext,
  input: { clientToken?: string; serviceName?: string; name?: string },
  change: (service: ServiceRecord, name: string) => void,
): ServiceInstance {
  const serviceName = input.serviceName as string;
  const name = input.name as string;
  ctx.idempotent(input.clientToken, input, () => {
    const service = quietService(ctx, serviceName);
    change(service, name);
    // Its service's instances are part of what CreateService created.
    markModified(ctx.partition, service.arn);
    return null;
  });
  return view(findInstance(ctx, serviceName, name));
}

/**
 * CreateServiceInstance adds an instance to an existing service: its entry comes from the given service
 * spec; without templateMajorVersion it gets the template's recommended version.
 */
function create(ctx: OperationContext, input: CreateServiceInstanceInput): CreateServiceInstanceOutput {
  const serviceInstance = changeOnce(ctx, input, (service, name) => {
    const serviceName = service.name;
    if (allInstancesOf(ctx.partition)[instanceKey(serviceName, name)]) {
      throw conflict(`The service instance ${name} of service ${serviceName} already exists.`);
    }
    const entry = parseServiceSpec(input.spec as string).instances.find((instance) => instance.name === name);
    if (!entry) throw validation(`The spec has no entry for service instance ${name}.`);
    const template = templateOf(ctx, "service", service.templateName);
    const catalog = catalogOf(template);
    const major = input.templateMajorVersion ?? catalog.recommendedMajor();
    if (major === undefined)
      throw validation(`The service template ${template.name} has no published version.`);
    const target = createTarget(catalog, major, input.templateMinorVersion, input.spec as string);
    const ref = { templateName: template.name, ...target };
    checkSpecInputs(ctx, "service", ref, entry.inputs, `service instance ${name}`);
    checkPlacement(
      ctx,
      template.versions[`${target.templateMajorVersion}.${target.templateMinorVersion}`],
      entry.environment,
    );
    const record = createInstance(ctx, service, entry, target, input.tags);
    record.lastClientRequestToken = input.clientToken;
  });
  return { serviceInstance };
}

const get = (ctx: OperationContext, input: GetServiceInstanceInput): GetServiceInstanceOutput => ({
  serviceInstance: view(findInstance(ctx, input.serviceName as string, input.name as string)),
});

/** The instance's entry in a service spec given to UpdateServiceInstance. */
function entryFor(record: ServiceInstanceRecord, spec: string): ServiceSpecInstance {
  const entry = parseServiceSpec(spec).instances.find((instance) => instance.name === record.name);
  if (!entry) throw validation(`The spec has no entry for service instance ${record.name}.`);
  if (entry.environment !== record.environmentName) {
    throw validation(
      `Service instance ${record.name} runs in environment ${record.environmentName}; it can't move.`,
    );
  }
  return entry;
}

function update(ctx: OperationContext, input: UpdateServiceInstanceInput): UpdateServiceInstanceOutput {
  const serviceInstance = changeOnce(ctx, input, (service, name) => {
    const serviceName = service.name;
    const record = findInstance(ctx, serviceName, name);
    assertNotBusy(record, `The service instance ${name}`);
    // The API reference: not while a component attached to it is deploying.
    const deploying = componentsAttachedTo(ctx.partition, serviceName, name).find((held) =>
      isBusy(held.component),
    );
    if (deploying) {
      throw conflict(
        `The service instance ${name} can't be updated while its component ${deploying.component.name} is ` +
          `${deploying.component.deploymentStatus}.`,
      );
    }
    if (input.spec !== undefined) entryFor(record, input.spec);
    const template = templateOf(ctx, "service", service.templateName);
    const target = planUpdate(
      currentTarget(record),
      { ...input, deploymentType: input.deploymentType as DeploymentType },
      catalogOf(template),
    );
    if (target !== undefined) {
      const ref = { templateName: template.name, ...target };
      checkSpecInputs(ctx, "service", ref, entryFor(record, target.spec).inputs, `service instance ${name}`);
    }
    if (target !== undefined && target.templateMajorVersion !== record.templateMajorVersion) {
      const version = template.versions[`${target.templateMajorVersion}.${target.templateMinorVersion}`];
      checkPlacement(ctx, version, record.environmentName);
    }
    if (input.clientToken !== undefined) record.lastClientRequestToken = input.clientToken;
    if (target !== undefined) startDeployment(ctx, record, instanceKind.ref(ctx, record), target);
  });
  return { serviceInstance };
}

function cancel(
  ctx: OperationContext,
  input: CancelServiceInstanceDeploymentInput,
): CancelServiceInstanceDeploymentOutput {
  const serviceName = input.serviceName as string;
  const name = input.serviceInstanceName as string;
  const service = quietService(ctx, serviceName);
  const record = findInstance(ctx, serviceName, name);
  cancelDeployment(ctx, record, instanceKind.ref(ctx, record), `The service instance ${name}`);
  markModified(ctx.partition, service.arn);
  return { serviceInstance: view(record) };
}

// ---------------------------------------------------------------------------------------------------
// ListServiceInstances: filters and sort orders as the model defines them

type FilterKey = NonNullable<ListServiceInstancesFilter["key"]>;
type SortKey = NonNullable<ListServiceInstancesInput["sortBy"]>;

const instant = (value: string): number => {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw validation(`'${value}' is not an RFC 3339 date-time.`);
  return parsed;
};

const filters: Record<
  FilterKey,
  (record: ServiceInstanceRecord, value: string, partition: Partition) => boolean
> = {
  name: (record, value) => record.name === value,
  environmentName: (record, value) => record.environmentName === value,
  serviceName: (record, value) => record.serviceName === value,
  templateName: (record, value) => record.templateName === value,
  deploymentStatus: (record, value) => record.deploymentStatus === value,
  deployedTemplateVersionStatus: (record, value, partition) =>
    templatesOf(partition, "service")[record.templateName]?.versions[
      `${record.templateMajorVersion}.${record.templateMinorVersion}`
    ]?.status === value,
  createdAtAfter: (record, value) => record.createdAt > instant(value),
  createdAtBefore: (record, value) => record.createdAt < instant(value),
  lastDeploymentAttemptedAtAfter: (record, value) => record.lastDeploymentAttemptedAt > instant(value),
  lastDeploymentAttemptedAtBefore: (record, value) => record.lastDeploymentAttemptedAt < instant(value),
};

const sortValues: Record<SortKey, (record: ServiceInstanceRecord) => string> = {
  serviceName: () => "",
  name: (record) => record.name,
  createdAt: (record) => paddedNumber(record.createdAt),
  deploymentStatus: (record) => record.deploymentStatus,
  environmentName: (record) => record.environmentName,
  lastDeploymentAttemptedAt: (record) => paddedNumber(record.lastDeploymentAttemptedAt),
  templateName: (record) => record.templateName,
};

function list(ctx: OperationContext, input: ListServiceInstancesInput): ListServiceInstancesOutput {
  const sortBy: SortKey = input.sortBy ?? "serviceName";
  const order = input.sortOrder === "DESCENDING" ? descendingKey : (key: string) => key;
  const key = (record: ServiceInstanceRecord) =>
    order(`${sortValues[sortBy](record)}\u0000${record.serviceName}\u0000${record.name}`);
  if (input.serviceName !== undefined) findService(ctx, input.serviceName);
  const matches = Object.values(allInstancesOf(ctx.partition)).filter(
    (record) =>
      (input.serviceName === undefined || record.serviceName === input.serviceName) &&
      (input.filters ?? []).every(
        (filter) =>
          filter.key === undefined || filters[filter.key](record, filter.value ?? "", ctx.partition),
      ),
  );
  const sorted = matches
    .map((record) => ({ record, key: key(record) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const page = paginate(sorted, input, (item) => item.key);
  return { serviceInstances: page.items.map((item) => summary(item.record)), nextToken: page.nextToken };
}

function listOutputs(
  ctx: OperationContext,
  input: ListServiceInstanceOutputsInput,
): ListServiceInstanceOutputsOutput {
  const record = findInstance(ctx, input.serviceName as string, input.serviceInstanceName as string);
  return outputsPage(ctx, record, record.arn, input.deploymentId);
}

export const serviceInstance: EntityModule = {
  operations: {
    CreateServiceInstance: create,
    GetServiceInstance: get,
    UpdateServiceInstance: update,
    CancelServiceInstanceDeployment: cancel,
    ListServiceInstances: list,
    ListServiceInstanceOutputs: listOutputs,
    ListServiceInstanceProvisionedResources: (ctx, input: ListServiceInstanceProvisionedResourcesInput) =>
      provisionedResourcesPage(
        ctx,
        findInstance(ctx, input.serviceName as string, input.serviceInstanceName as string),
      ),
  },
  settlers: {
    ...deploymentSettlers(instanceKind),
    // Instances removed from the spec by UpdateService.
    ...deleteSettler(instanceKind, dropInstance),
  },
};
