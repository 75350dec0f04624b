/**
 * Services: created from a PUBLISHED service template version and a service spec whose `instances:`
 * become service instances (serviceInstance.ts) and, when the template provides one, a pipeline
 * (servicePipeline.ts). The service's own queued work is scheduled after its children's, so when it
 * settles every child of the same request has settled and the service status can be derived:
 * CREATE_IN_PROGRESS -> ACTIVE | CREATE_FAILED, UPDATE_IN_PROGRESS -> ACTIVE | UPDATE_FAILED,
 * DELETE_IN_PROGRESS -> gone (with instances and pipeline) | DELETE_FAILED.
 */
import type {
  CreateServiceInput,
  CreateServiceOutput,
  DeleteServiceInput,
  DeleteServiceOutput,
  GetServiceInput,
  GetServiceOutput,
  ListServicesInput,
  ListServicesOutput,
  Service,
  ServiceSummary,
  UpdateServiceInput,
  UpdateServiceOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict, notFound, validation } from "../errors";
import { markModified, rememberCreation, replayCreation } from "../idempotency";
import type { EntityModule, OperationContext } from "../operations";
import { paginate, sortByKey } from "../pagination";
import type { JsonValue } from "../store";
import {
  findService,
  servicesOf,
  type ServiceRecord,
  type ServiceStatus,
  type ServiceWork,
} from "./service.records";
import { componentsAttachedTo } from "./component.records";
import { instancesOf } from "./serviceInstance.records";
import type { TemplateRecord } from "./templates.records";
import {
  assertNotBusy,
  claim,
  date,
  dropDeployments,
  firstTarget,
  failDelete,
  isBusy,
  markDeleting,
  startDelete,
  templateOf,
  type DeploymentTarget,
} from "./deployment";
import { checkPlacement, createInstance, dropInstance, instanceKind } from "./serviceInstance";
import { createPipeline, pipelineView, providesPipeline } from "./servicePipeline";
import { parseServiceSpec, type ServiceSpec } from "./serviceSpec";
import { checkSpecInputs, type VersionRef } from "./specInputs";
import { omit } from "./views";

const PREFIX = "service";

const settled: Record<ServiceWork["operation"], { ok: ServiceStatus; failed: ServiceStatus }> = {
  create: { ok: "ACTIVE", failed: "CREATE_FAILED" },
  update: { ok: "ACTIVE", failed: "UPDATE_FAILED" },
};

/** Statuses UpdateService starts from; the others are in progress or failed creations/deletions. */
const updatable: ReadonlySet<ServiceStatus> = new Set([
  "ACTIVE",
  "UPDATE_FAILED",
  "UPDATE_FAILED_CLEANUP_COMPLETE",
  "UPDATE_FAILED_CLEANUP_FAILED",
  "UPDATE_COMPLETE_CLEANUP_FAILED",
]);

const inProgress: ReadonlySet<ServiceStatus> = new Set([
  "CREATE_IN_PROGRESS",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
]);

function schedule(
  ctx: OperationContext,
  service: ServiceRecord,
  step: "settle" | "delete",
  data?: ServiceWork,
) {
  service.pendingSeq = ctx.schedule({
    kind: `${PREFIX}.${step}`,
    target: service.name,
    subjects: [service.name, service.arn],
    data: data as unknown as JsonValue,
  }).seq;
}

function view(service: ServiceRecord): Service {
  return {
    name: service.name,
    description: service.description,
    arn: service.arn,
    templateName: service.templateName,
    createdAt: date(service.createdAt),
    lastModifiedAt: date(service.lastModifiedAt),
    status: service.status,
    statusMessage: service.statusMessage,
    spec: service.spec,
    pipeline: service.pipeline && pipelineView(service.pipeline),
    repositoryConnectionArn: service.repositoryConnectionArn,
    repositoryId: service.repositoryId,
    branchName: service.branchName,
  };
}

const summary = (service: ServiceRecord): ServiceSummary =>
  omit(view(service), "spec", "pipeline", "repositoryConnectionArn", "repositoryId", "branchName");

/**
 * Each instance entry against the version it deploys with (`versionFor`), and the pipeline section
 * against the pipeline's version when the template provides one.
 */
function checkServiceInputs(
  ctx: OperationContext,
  service: string,
  template: TemplateRecord,
  spec: ServiceSpec,
  versionFor: (instance: string) => VersionRef,
  pipelineVersion: VersionRef,
): void {
  for (const instance of spec.instances)
    checkSpecInputs(
      ctx,
      "service",
      versionFor(instance.name),
      instance.inputs,
      `service instance ${instance.name}`,
    );
  if (providesPipeline(template))
    checkSpecInputs(
      ctx,
      "pipeline",
      pipelineVersion,
      spec.pipeline ?? {},
      `the pipeline of service ${service}`,
    );
}

/** Pipeline inputs and repository settings must match whether the template provides a pipeline. */
function checkPipelineInputs(
  template: TemplateRecord,
  spec: ServiceSpec,
  input: Partial<CreateServiceInput>,
): void {
  const repository = [input.repositoryConnectionArn, input.repositoryId, input.branchName];
  if (providesPipeline(template)) {
    if (repository.includes(undefined)) {
      throw validation(
        `Service template ${template.name} includes a pipeline: repositoryConnectionArn, repositoryId and branchName are required.`,
      );
    }
    return;
  }
  if (spec.pipeline !== undefined) {
    throw validation(
      `Service template ${template.name} has no pipeline: don't include pipeline inputs in the spec.`,
    );
  }
  if (repository.some((value) => value !== undefined)) {
    throw validation(
      `Service template ${template.name} has no pipeline: don't include repository parameters.`,
    );
  }
}

function versionOf(template: TemplateRecord, target: DeploymentTarget) {
  const version = template.versions[`${target.templateMajorVersion}.${target.templateMinorVersion}`];
  if (!version) {
    throw notFound(
      `The service template version ${template.name}:${target.templateMajorVersion}.${target.templateMinorVersion} was not found.`,
    );
  }
  return version;
}

function create(ctx: OperationContext, input: CreateServiceInput): CreateServiceOutput {
  const name = input.name as string;
  const existing = servicesOf(ctx.partition)[name];
  // A same-parameters retry answers the service as it is: no more instances, pipeline or deployments.
  if (existing)
    return replayCreation(ctx.partition, existing.arn, input, `service ${name}`, () => ({
      service: view(existing),
    }));
  const { template, target } = firstTarget(ctx, "service", input);
  const spec = parseServiceSpec(target.spec);
  checkPipelineInputs(template, spec, input);
  const version = versionOf(template, target);
  for (const instance of spec.instances) checkPlacement(ctx, version, instance.environment);
  const ref = { templateName: template.name, ...target };
  checkServiceInputs(ctx, name, template, spec, () => ref, ref);

  const now = ctx.now();
  const service: ServiceRecord = {
    name,
    arn: ctx.arn(arnResource.service(name)),
    description: input.description,
    templateName: template.name,
    templateMajorVersion: target.templateMajorVersion,
    templateMinorVersion: target.templateMinorVersion,
    spec: target.spec,
    status: "CREATE_IN_PROGRESS",
    repositoryConnectionArn: input.repositoryConnectionArn,
    repositoryId: input.repositoryId,
    branchName: input.branchName,
    createdAt: now,
    lastModifiedAt: now,
  };
  servicesOf(ctx.partition)[name] = service;
  ctx.tags.register(service.arn, input.tags);
  for (const instance of spec.instances) createInstance(ctx, service, instance, target);
  if (providesPipeline(template)) service.pipeline = createPipeline(ctx, service, target);
  schedule(ctx, service, "settle", {
    operation: "create",
    added: spec.instances.map((instance) => instance.name),
    removed: [],
    pipeline: service.pipeline !== undefined,
  });
  rememberCreation(ctx.partition, service.arn, input);
  return { service: view(service) };
}

const get = (ctx: OperationContext, input: GetServiceInput): GetServiceOutput => ({
  service: view(findService(ctx, input.name as string)),
});

function update(ctx: OperationContext, input: UpdateServiceInput): UpdateServiceOutput {
  const service = findService(ctx, input.name as string);
  if (!updatable.has(service.status)) {
    throw conflict(`The service ${service.name} can't be updated while its status is ${service.status}.`);
  }
  if (input.spec === undefined) {
    service.description = input.description ?? service.description;
    service.lastModifiedAt = ctx.now();
    markModified(ctx.partition, service.arn);
    return { service: view(service) };
  }

  const spec = parseServiceSpec(input.spec);
  const template = templateOf(ctx, "service", service.templateName);
  // The service record carries the repository settings it was created with.
  checkPipelineInputs(template, spec, service);
  const existing = instancesOf(ctx.partition, service.name);
  // Existing instances can only be kept or removed here (UpdateServiceInstance edits them).
  for (const entry of spec.instances) {
    const current = existing.find((instance) => instance.name === entry.name);
    if (current && current.environmentName !== entry.environment) {
      throw validation(
        `Service instance ${entry.name} runs in environment ${current.environmentName}; it can't move.`,
      );
    }
  }
  const added = spec.instances.filter((entry) => !existing.some((instance) => instance.name === entry.name));
  const removed = existing.filter(
    (instance) => !spec.instances.some((entry) => entry.name === instance.name),
  );
  for (const instance of removed) {
    assertNotBusy(instance, `The service instance ${instance.name}`);
    refuseIfComponentAttached(
      ctx,
      service.name,
      instance.name,
      `Service instance ${instance.name} of service ${service.name} can't be removed`,
    );
  }
  const target: DeploymentTarget = {
    templateMajorVersion: service.templateMajorVersion,
    templateMinorVersion: service.templateMinorVersion,
    spec: input.spec,
  };
  const version = versionOf(template, target);
  for (const entry of added) checkPlacement(ctx, version, entry.environment);
  // Added instances deploy with the service's version; kept ones keep (and are checked against) their own.
  const serviceRef = { templateName: template.name, ...target };
  const kept = (name: string) => existing.find((instance) => instance.name === name);
  checkServiceInputs(
    ctx,
    service.name,
    template,
    spec,
    (name) => kept(name) ?? serviceRef,
    service.pipeline ?? serviceRef,
  );

  service.spec = input.spec;
  service.description = input.description ?? service.description;
  service.lastModifiedAt = ctx.now();
  markModified(ctx.partition, service.arn);
  if (added.length === 0 && removed.length === 0) return { service: view(service) };
  for (const entry of added) createInstance(ctx, service, entry, target);
  for (const instance of removed) startDelete(ctx, instance, instanceKind.ref(ctx, instance));
  service.status = "UPDATE_IN_PROGRESS";
  delete service.statusMessage;
  schedule(ctx, service, "settle", {
    operation: "update",
    added: added.map((entry) => entry.name),
    removed: removed.map((instance) => instance.name),
    pipeline: false,
  });
  return { service: view(service) };
}

function remove(ctx: OperationContext, input: DeleteServiceInput): DeleteServiceOutput {
  const name = input.name as string;
  const service = servicesOf(ctx.partition)[name];
  if (!service) return replayDeletion(ctx, ctx.arn(arnResource.service(name)), () => findService(ctx, name));
  if (service.status === "DELETE_IN_PROGRESS") return { service: view(service) };
  if (inProgress.has(service.status)) {
    throw conflict(`The service ${service.name} can't be deleted while its status is ${service.status}.`);
  }
  const children = [
    ...instancesOf(ctx.partition, service.name),
    ...(service.pipeline ? [service.pipeline] : []),
  ];
  refuseIfComponentAttached(ctx, service.name, undefined, `The service ${service.name} can't be deleted`);
  const busy = children.find(isBusy);
  if (busy) {
    throw conflict(
      `The service ${service.name} has a deployment ${busy.deploymentStatus}; wait for it or cancel it.`,
    );
  }
  for (const child of children) markDeleting(ctx, child);
  service.status = "DELETE_IN_PROGRESS";
  delete service.statusMessage;
  service.lastModifiedAt = ctx.now();
  schedule(ctx, service, "delete");
  markModified(ctx.partition, service.arn);
  return { service: view(service) };
}

/**
 * The API reference: a service whose instances have components attached can't be deleted (nor, the
 * emulator decides, can such an instance be removed): the components must be detached first.
 */
function refuseIfComponentAttached(
  ctx: OperationContext,
  serviceName: string,
  instanceName: string | undefined,
  refusal: string,
): void {
  const [held] = componentsAttachedTo(ctx.partition, serviceName, instanceName);
  if (held) {
    throw conflict(
      `${refusal}: component ${held.component.name} is attached to service instance ` +
        `${held.attachment.serviceInstanceName}; detach the component first.`,
    );
  }
}

function list(ctx: OperationContext, input: ListServicesInput): ListServicesOutput {
  const key = (service: ServiceRecord) => service.name;
  const page = paginate(sortByKey(Object.values(servicesOf(ctx.partition)), key), input, key);
  return { services: page.items.map(summary), nextToken: page.nextToken };
}

/** The children a create/update deployed (its added instances, its new pipeline). */
function deployedChildren(ctx: OperationContext, service: ServiceRecord, work: ServiceWork) {
  const instance = (name: string) =>
    instancesOf(ctx.partition, service.name).find((candidate) => candidate.name === name);
  return [...work.added.map(instance), ...(work.pipeline ? [service.pipeline] : [])].filter(
    (child) => child !== undefined,
  );
}

/** The first failure among the children a create/update touched, if any. */
function childFailure(ctx: OperationContext, service: ServiceRecord, work: ServiceWork): string | undefined {
  const instance = (name: string) =>
    instancesOf(ctx.partition, service.name).find((candidate) => candidate.name === name);
  const failed = [
    ...deployedChildren(ctx, service, work).filter((record) => record.deploymentStatus === "FAILED"),
    ...work.removed.map(instance).filter((record) => record?.deploymentStatus === "DELETE_FAILED"),
  ];
  return failed[0]?.deploymentStatusMessage;
}

/** Settles a create/update from its children's outcome (or the failure the service's own work carried). */
function conclude(ctx: OperationContext, record: ServiceRecord, work: ServiceWork, failure?: string): void {
  const outcome = failure ?? childFailure(ctx, record, work);
  record.status = outcome === undefined ? settled[work.operation].ok : settled[work.operation].failed;
  record.statusMessage = outcome;
  record.lastModifiedAt = ctx.now();
  delete record.awaiting;
}

/**
 * Settles a service that waited for self-managed children (their deployments end by notification,
 * not with the service's own work), once none of them is still IN_PROGRESS.
 */
export function reconcileService(ctx: OperationContext, name: string): void {
  const record = servicesOf(ctx.partition)[name];
  if (!record?.awaiting) return;
  const pending = deployedChildren(ctx, record, record.awaiting).some(
    (c) => c.deploymentStatus === "IN_PROGRESS",
  );
  if (!pending) conclude(ctx, record, record.awaiting);
}

export const service: EntityModule = {
  operations: {
    CreateService: create,
    GetService: get,
    UpdateService: update,
    DeleteService: remove,
    ListServices: list,
  },
  settlers: {
    [`${PREFIX}.settle`]: (ctx, work) => {
      const record = claim(servicesOf(ctx.partition)[work.target], work);
      if (!record) return;
      const data = work.data as unknown as ServiceWork;
      if (work.outcome === "FAILED") return conclude(ctx, record, data, work.message ?? "Failed.");
      record.awaiting = data;
      reconcileService(ctx, record.name);
    },
    [`${PREFIX}.delete`]: (ctx, work) => {
      const record = claim(servicesOf(ctx.partition)[work.target], work);
      if (!record) return;
      const instances = instancesOf(ctx.partition, record.name);
      if (work.outcome === "FAILED") {
        record.status = "DELETE_FAILED";
        record.statusMessage = work.message ?? "Delete failed.";
        for (const child of [...instances, ...(record.pipeline ? [record.pipeline] : [])])
          failDelete(child, work);
        return;
      }
      for (const instance of instances) dropInstance(ctx, instance);
      if (record.pipeline) dropDeployments(ctx, record.pipeline.arn);
      delete servicesOf(ctx.partition)[record.name];
      ctx.tags.drop(record.arn);
      rememberDeletion(ctx, record.arn);
    },
  },
};
