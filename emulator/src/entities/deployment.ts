/**
 * The one deployment state machine shared by environments, service instances, service pipelines and
 * components (each declares a DeployableKind).
 *
 * A deployable record (DeploymentFields) shows the version and spec of its latest deployment attempt.
 * Each attempt is a Deployment record (deployment.records.ts). Starting one records IN_PROGRESS and,
 * unless the resource is self-managed (its deployments end when NotifyResourceDeploymentStatusChange says
 * so), queues work that settles after the deployment delay. SUCCEEDED makes it the last successful
 * deployment, with the outputs and provisioned resources it produced; FAILED and CANCELLED roll the record
 * back to the last successful deployment's state (a kind not deployed from a template version, a
 * component, says through its ref what its state is and how it is put back). Cancelling moves IN_PROGRESS to CANCELLING, which
 * settles as CANCELLED. Deleting moves the record to DELETE_IN_PROGRESS (no Deployment record: the status
 * lives on the resource); the owning entity removes it, and its Deployment records, when that settles.
 */
import { createHash } from "node:crypto";
import { arnResource } from "../arn";
import { conflict, notFound, validation } from "../errors";
import type { OperationContext, Settler } from "../operations";
import { sortByKey } from "../pagination";
import type { Partition, PendingWork } from "../store";
import {
  deploymentsOf,
  type DeploymentFields,
  type DeploymentProgress,
  type DeploymentRecord,
  type DeploymentState,
  type DeploymentStatus,
  type DeploymentTargetType,
  type OutputRecord,
  type ProvisionedResourceRecord,
  type Provisioning,
  type VersionState,
} from "./deployment.records";
import { outputsOf, type SpecInputs } from "./serviceSpec";
import { defined } from "./views";
import {
  findTemplate,
  recommendedMinor,
  recommendedVersion,
  type TemplateKind,
  type TemplateRecord,
} from "./templates.records";

export type DeploymentType = "NONE" | "CURRENT_VERSION" | "MINOR_VERSION" | "MAJOR_VERSION";

/** A template version plus the spec deployed with it. */
export interface DeploymentTarget {
  readonly templateMajorVersion: string;
  readonly templateMinorVersion: string;
  readonly spec: string;
}

export interface UpdateRequest {
  readonly deploymentType: DeploymentType;
  readonly spec?: string;
  readonly templateMajorVersion?: string;
  readonly templateMinorVersion?: string;
}

/** How a deployable resource is addressed (queued work, test control, Deployment records) and deployed. */
export interface DeployableRef {
  /** Settler prefix: work kinds are `${prefix}.deploy`, `${prefix}.cancel`, `${prefix}.delete`. */
  readonly prefix: string;
  /** Key the settlers resolve back to the record. */
  readonly target: string;
  /** Names/ARNs a test may name in fail-next-deployment to fail the resource's next queued work. */
  readonly subjects: readonly string[];
  readonly type: DeploymentTargetType;
  readonly arn: string;
  /** What its Deployment records name. The model requires environmentName even for pipelines, which
   * belong to no environment: theirs is empty. */
  readonly names: {
    environmentName: string;
    serviceName?: string;
    serviceInstanceName?: string;
    componentName?: string;
  };
  readonly provisioning: Provisioning;
  /** The account its infrastructure lives in (an environment account connection's, else the caller's). */
  readonly account: string;
  /** The inputs of the part of a spec this resource deploys: the emulator runs no IaC, so its outputs. */
  inputsOf?(spec: string): SpecInputs | undefined;
  /** Members of its DeploymentState beyond version and spec. */
  stateExtras?(): Partial<VersionState>;
  /** Kinds not deployed from a template version (components): their DeploymentState now... */
  snapshot?(): DeploymentState;
  /** ...and how a rollback puts a previous one back on the record. */
  restore?(state: DeploymentState): void;
  /** What a successful deployment outputs, when not its spec's inputs (a component: its IaC file's). */
  outputs?(): OutputRecord[];
  /** Why its next deployment fails, when that is known as it starts (an IaC file that can't deploy). */
  failure?(): string | undefined;
}

/** A kind of deployable, as settlers (by work target) and deployment operations (by ARN) find it. */
export interface DeployableKind<R extends DeploymentProgress = DeploymentProgress> {
  readonly prefix: string;
  readonly type: DeploymentTargetType;
  find(ctx: OperationContext, target: string): R | undefined;
  /** The record in the caller's partition with this ARN, if any. */
  byArn(ctx: OperationContext, arn: string): R | undefined;
  ref(ctx: OperationContext, record: R): DeployableRef;
}

// ---------------------------------------------------------------------------------------------------
// Template versions

/** Template versions of one template, as the deployment rules need them. */
export interface VersionCatalog {
  readonly templateName: string;
  /** Status of a version, undefined when it does not exist. */
  status(major: string, minor: string): string | undefined;
  /** The recommended (latest published) minor version of a major version. */
  recommendedMinor(major: string): string | undefined;
  /** The major version of the template's recommended version. */
  recommendedMajor(): string | undefined;
}

export function catalogOf(template: TemplateRecord): VersionCatalog {
  return {
    templateName: template.name,
    status: (major, minor) => template.versions[`${major}.${minor}`]?.status,
    recommendedMinor: (major) => recommendedMinor(template, major),
    recommendedMajor: () => recommendedVersion(template)?.split(".")[0],
  };
}

/** The template a deployable is created from, or ResourceNotFoundException. */
export const templateOf = (ctx: OperationContext, kind: TemplateKind, name: string): TemplateRecord =>
  findTemplate(ctx.partition, kind, name);

/**
 * CreateEnvironment/CreateService: the template the input names and its first deployment's target (the
 * given major; the given minor or that major's recommended one; the input's spec).
 */
export function firstTarget(
  ctx: OperationContext,
  kind: TemplateKind,
  input: {
    templateName?: string;
    templateMajorVersion?: string;
    templateMinorVersion?: string;
    spec?: string;
  },
): { template: TemplateRecord; target: DeploymentTarget } {
  const template = templateOf(ctx, kind, input.templateName as string);
  const target = createTarget(
    catalogOf(template),
    input.templateMajorVersion as string,
    input.templateMinorVersion,
    input.spec as string,
  );
  return { template, target };
}

/** Checks that a version can be deployed: it must exist and be published. */
export function assertDeployable(catalog: VersionCatalog, major: string, minor: string): void {
  const status = catalog.status(major, minor);
  const version = `${catalog.templateName}:${major}.${minor}`;
  if (status === undefined) throw notFound(`The template version ${version} was not found.`);
  if (status !== "PUBLISHED")
    throw validation(`The template version ${version} is ${status}, not PUBLISHED.`);
}

/** The version a Create* call deploys: the given major and minor, the minor defaulting to the recommended one. */
export function createTarget(
  catalog: VersionCatalog,
  major: string,
  minor: string | undefined,
  spec: string,
): DeploymentTarget {
  const chosen = minor ?? catalog.recommendedMinor(major);
  if (chosen === undefined) {
    throw validation(
      `The template ${catalog.templateName} has no published minor version in major version ${major}.`,
    );
  }
  assertDeployable(catalog, major, chosen);
  return { templateMajorVersion: major, templateMinorVersion: chosen, spec };
}

// ---------------------------------------------------------------------------------------------------
// deploymentType rules

type Planner = (
  current: DeploymentTarget,
  request: UpdateRequest,
  catalog: VersionCatalog,
) => DeploymentTarget | undefined;

const refuseVersions = (request: UpdateRequest): void => {
  if (request.templateMajorVersion !== undefined || request.templateMinorVersion !== undefined) {
    throw validation(
      `Don't include template version parameters with deploymentType ${request.deploymentType}.`,
    );
  }
};

const recommendedMinorOf = (catalog: VersionCatalog, major: string): string => {
  const minor = catalog.recommendedMinor(major);
  if (minor === undefined) throw validation(`Major version ${major} has no published minor version.`);
  return minor;
};

/** One rule per deploymentType, as the Update{Environment,ServiceInstance,ServicePipeline} reference describes. */
const planners: Record<DeploymentType, Planner> = {
  NONE: (_current, request) => {
    refuseVersions(request);
    if (request.spec !== undefined) {
      throw validation("deploymentType NONE updates metadata only: don't include a spec.");
    }
    return undefined;
  },
  CURRENT_VERSION: (current, request) => {
    refuseVersions(request);
    return { ...current, spec: request.spec ?? current.spec };
  },
  MINOR_VERSION: (current, request, catalog) => {
    const major = request.templateMajorVersion ?? current.templateMajorVersion;
    if (major !== current.templateMajorVersion) {
      throw validation(
        `deploymentType MINOR_VERSION keeps major version ${current.templateMajorVersion}; use MAJOR_VERSION to change it.`,
      );
    }
    return {
      templateMajorVersion: major,
      templateMinorVersion: request.templateMinorVersion ?? recommendedMinorOf(catalog, major),
      spec: request.spec ?? current.spec,
    };
  },
  MAJOR_VERSION: (current, request, catalog) => {
    const major = request.templateMajorVersion ?? catalog.recommendedMajor();
    if (major === undefined || Number(major) <= Number(current.templateMajorVersion)) {
      throw validation(
        `deploymentType MAJOR_VERSION needs a major version higher than ${current.templateMajorVersion}` +
          (major === undefined ? "." : `; ${major} is not.`),
      );
    }
    return {
      templateMajorVersion: major,
      templateMinorVersion: request.templateMinorVersion ?? recommendedMinorOf(catalog, major),
      spec: request.spec ?? current.spec,
    };
  },
};

/**
 * What an Update* call deploys: undefined for NONE (metadata only), else the target version and spec,
 * after checking that version exists and is published.
 */
export function planUpdate(
  current: DeploymentTarget,
  request: UpdateRequest,
  catalog: VersionCatalog,
): DeploymentTarget | undefined {
  const target = planners[request.deploymentType](current, request, catalog);
  if (target !== undefined)
    assertDeployable(catalog, target.templateMajorVersion, target.templateMinorVersion);
  return target;
}

export const currentTarget = (record: DeploymentFields): DeploymentTarget => ({
  templateMajorVersion: record.templateMajorVersion,
  templateMinorVersion: record.templateMinorVersion,
  spec: record.spec ?? "",
});

// ---------------------------------------------------------------------------------------------------
// Life cycle

/** Statuses during which Proton refuses any other change to the resource. */
const busyStatuses: ReadonlySet<DeploymentStatus> = new Set([
  "IN_PROGRESS",
  "CANCELLING",
  "DELETE_IN_PROGRESS",
]);

export const isBusy = (record: { deploymentStatus: DeploymentStatus }): boolean =>
  busyStatuses.has(record.deploymentStatus);

export function assertNotBusy(record: { deploymentStatus: DeploymentStatus }, what: string): void {
  if (isBusy(record)) {
    throw conflict(`${what} can't be changed while its deployment status is ${record.deploymentStatus}.`);
  }
}

/** What each provisioning does: whether deployments end by themselves, and what a success provisions. */
const provisioners: Record<
  Provisioning,
  {
    settlesItself: boolean;
    provisioned(ctx: OperationContext, ref: DeployableRef): ProvisionedResourceRecord[];
  }
> = {
  // Proton runs one CloudFormation stack per resource; its name and ARN are the emulator's, stable per target.
  CLOUDFORMATION: { settlesItself: true, provisioned: (ctx, ref) => [stackOf(ctx, ref)] },
  // The customer's CodeBuild commands or infrastructure: nothing Proton could list.
  CODEBUILD: { settlesItself: true, provisioned: () => [] },
  CUSTOMER_MANAGED: { settlesItself: true, provisioned: () => [] },
  // The customer's automation applies the rendered Terraform and notifies; Proton sees no resources.
  SELF_MANAGED: { settlesItself: false, provisioned: () => [] },
};

export const settlesItself = (ref: DeployableRef) => provisioners[ref.provisioning].settlesItself;

function stackOf(ctx: OperationContext, ref: DeployableRef): ProvisionedResourceRecord {
  const digest = createHash("sha256").update(ref.arn).digest("hex");
  const slug =
    ref.names.componentName ??
    [ref.names.serviceName, ref.names.serviceInstanceName ?? (ref.names.serviceName && "pipeline")]
      .filter(Boolean)
      .join("-");
  const name = `AWSProton-${(slug || ref.names.environmentName).slice(0, 80)}-cloudformation-${digest.slice(0, 13).toUpperCase()}`;
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  return {
    name,
    identifier: `arn:aws:cloudformation:${ctx.region}:${ref.account}:stack/${name}/${id}`,
    provisioningEngine: "CLOUDFORMATION",
  };
}

const schedule = (
  ctx: OperationContext,
  ref: DeployableRef,
  step: "deploy" | "cancel" | "delete",
  subjects = ref.subjects,
  failWith?: string,
) =>
  ctx.schedule({
    kind: `${ref.prefix}.${step}`,
    target: ref.target,
    subjects,
    ...(failWith === undefined ? {} : { failWith }),
  }).seq;

/** The union member a target's state goes in. */
const stateKeys: Record<DeploymentTargetType, keyof DeploymentState | undefined> = {
  ENVIRONMENT: "environment",
  SERVICE_INSTANCE: "serviceInstance",
  SERVICE_PIPELINE: "servicePipeline",
  COMPONENT: undefined,
};

function stateOf(ref: DeployableRef, progress: DeploymentProgress): DeploymentState {
  if (ref.snapshot) return ref.snapshot();
  const key = stateKeys[ref.type];
  if (key === undefined) throw new Error(`no DeploymentState member for ${ref.type}`);
  const record = progress as DeploymentFields;
  const state: VersionState = {
    templateName: record.templateName,
    templateMajorVersion: record.templateMajorVersion,
    templateMinorVersion: record.templateMinorVersion,
    ...(record.spec === undefined ? {} : { spec: record.spec }),
    ...defined(ref.stateExtras?.() ?? {}),
  };
  return { [key]: state };
}

/** The version and spec of a deployment's target state. */
const versionOf = (state: DeploymentState): VersionState => Object.values(state)[0] as VersionState;

/** The last successful deployment of a record, if any. */
const lastSucceededIn = (partition: Partition, record: DeploymentProgress): DeploymentRecord | undefined =>
  record.lastSucceededDeploymentId === undefined
    ? undefined
    : deploymentsOf(partition)[record.lastSucceededDeploymentId];

const lastSucceeded = (ctx: OperationContext, record: DeploymentProgress) =>
  lastSucceededIn(ctx.partition, record);

/**
 * The template versions a deployable holds on to: the one it shows and that of its last success (they
 * differ while a deployment runs that a failure or cancellation would roll back).
 */
export function versionsHeld(partition: Partition, record: DeploymentFields): VersionState[] {
  const success = lastSucceededIn(partition, record);
  return [record, ...(success ? [versionOf(success.targetState)] : [])];
}

/** The Deployment record of the record's latest attempt. */
function attempt(ctx: OperationContext, record: DeploymentProgress): DeploymentRecord {
  const deployment =
    record.lastAttemptedDeploymentId === undefined
      ? undefined
      : deploymentsOf(ctx.partition)[record.lastAttemptedDeploymentId];
  if (!deployment) throw new Error(`deployment ${String(record.lastAttemptedDeploymentId)} is missing`);
  return deployment;
}

/** Fields of a new deployable; `startDeployment` then starts its first deployment. */
export function newDeployable(
  ctx: OperationContext,
  templateName: string,
  target: DeploymentTarget,
): DeploymentFields {
  const now = ctx.now();
  return {
    templateName,
    ...target,
    deploymentStatus: "IN_PROGRESS",
    createdAt: now,
    lastDeploymentAttemptedAt: now,
    // The model requires it; until a deployment succeeds it is the creation time.
    lastDeploymentSucceededAt: now,
  };
}

/**
 * Starts a deployment of `record` to `target` (a create, or an Update* with a deploymentType other than
 * NONE): a new Deployment record, and queued work unless the resource is self-managed.
 */
export function startDeployment<R extends DeploymentProgress>(
  ctx: OperationContext,
  record: R,
  ref: DeployableRef,
  target: Partial<R>,
): void {
  const initialState = lastSucceeded(ctx, record)?.targetState;
  const now = ctx.now();
  const id = ctx.newId();
  Object.assign(record, target);
  record.deploymentStatus = "IN_PROGRESS";
  delete record.deploymentStatusMessage;
  record.lastDeploymentAttemptedAt = now;
  deploymentsOf(ctx.partition)[id] = {
    id,
    arn: ctx.arn(arnResource.deployment(id)),
    targetArn: ref.arn,
    targetResourceType: ref.type,
    targetResourceCreatedAt: record.createdAt,
    ...ref.names,
    deploymentStatus: "IN_PROGRESS",
    createdAt: now,
    lastModifiedAt: now,
    ...(initialState === undefined ? {} : { initialState }),
    targetState: stateOf(ref, record),
    ...(record.lastAttemptedDeploymentId === undefined
      ? {}
      : { lastAttemptedDeploymentId: record.lastAttemptedDeploymentId }),
    ...(record.lastSucceededDeploymentId === undefined
      ? {}
      : { lastSucceededDeploymentId: record.lastSucceededDeploymentId }),
    outputs: [],
    provisionedResources: [],
  };
  record.lastAttemptedDeploymentId = id;
  if (settlesItself(ref)) record.pendingSeq = schedule(ctx, ref, "deploy", ref.subjects, ref.failure?.());
  else delete record.pendingSeq;
}

/** Outputs as records keep them: one per key, in key order. */
export const sortedOutputs = (outputs: Iterable<OutputRecord>): OutputRecord[] =>
  sortByKey(
    new Map([...outputs].map((o) => [o.key, { key: o.key, valueString: o.valueString }])).values(),
    (o) => o.key,
  );

/** How a deployment in progress ended (settled work, or a self-managed notification). */
export interface DeploymentResult {
  status: "SUCCEEDED" | "FAILED";
  message?: string;
  outputs: OutputRecord[];
}

/** Ends the record's deployment in progress; FAILED rolls the record back to its last success. */
export function finishDeployment(
  ctx: OperationContext,
  record: DeploymentProgress,
  ref: DeployableRef,
  result: DeploymentResult,
): void {
  const deployment = attempt(ctx, record);
  const now = ctx.now();
  delete record.pendingSeq;
  Object.assign(deployment, {
    deploymentStatus: result.status,
    completedAt: now,
    lastModifiedAt: now,
    outputs: sortedOutputs(result.outputs),
    provisionedResources:
      result.status === "SUCCEEDED" ? provisioners[ref.provisioning].provisioned(ctx, ref) : [],
  });
  if (result.message === undefined) delete deployment.deploymentStatusMessage;
  else deployment.deploymentStatusMessage = result.message;
  record.deploymentStatus = result.status;
  if (result.status === "SUCCEEDED") {
    record.lastDeploymentSucceededAt = now;
    record.lastSucceededDeploymentId = deployment.id;
    if (result.message === undefined) delete record.deploymentStatusMessage;
    else record.deploymentStatusMessage = result.message;
  } else {
    record.deploymentStatusMessage = result.message ?? "Deployment failed.";
    deployment.deploymentStatusMessage = record.deploymentStatusMessage;
    rollBack(ctx, record, ref);
  }
}

/** CancelXDeployment: only an IN_PROGRESS deployment can be cancelled. */
export function cancelDeployment(
  ctx: OperationContext,
  record: DeploymentProgress,
  ref: DeployableRef,
  what: string,
): void {
  if (record.deploymentStatus !== "IN_PROGRESS") {
    throw conflict(
      `${what} has no deployment IN_PROGRESS to cancel (its deployment status is ${record.deploymentStatus}).`,
    );
  }
  if (record.pendingSeq !== undefined) ctx.unschedule(record.pendingSeq);
  record.deploymentStatus = "CANCELLING";
  Object.assign(attempt(ctx, record), { deploymentStatus: "CANCELLING", lastModifiedAt: ctx.now() });
  // Cancellation always succeeds: it must not consume a fail-next meant for the next deployment.
  record.pendingSeq = schedule(ctx, ref, "cancel", []);
}

/** Starts deleting a record; its entity's delete settler removes it (or marks it DELETE_FAILED). */
export function startDelete(ctx: OperationContext, record: DeploymentProgress, ref: DeployableRef): void {
  if (record.pendingSeq !== undefined) ctx.unschedule(record.pendingSeq);
  record.deploymentStatus = "DELETE_IN_PROGRESS";
  delete record.deploymentStatusMessage;
  record.pendingSeq = schedule(ctx, ref, "delete");
}

/** Marks a record being deleted together with its parent (no work of its own: the parent's settles it). */
export function markDeleting(ctx: OperationContext, record: DeploymentProgress): void {
  if (record.pendingSeq !== undefined) ctx.unschedule(record.pendingSeq);
  delete record.pendingSeq;
  record.deploymentStatus = "DELETE_IN_PROGRESS";
  delete record.deploymentStatusMessage;
}

/** Forgets the Deployment records of a target that is gone for good. */
export function dropDeployments(ctx: OperationContext, targetArn: string): void {
  const all = deploymentsOf(ctx.partition);
  for (const [id, deployment] of Object.entries(all)) if (deployment.targetArn === targetArn) delete all[id];
}

function rollBack(ctx: OperationContext, progress: DeploymentProgress, ref: DeployableRef): void {
  const success = lastSucceeded(ctx, progress);
  if (!success) return;
  if (ref.restore) return ref.restore(success.targetState);
  const record = progress as DeploymentFields;
  const { templateMajorVersion, templateMinorVersion, spec } = versionOf(success.targetState);
  Object.assign(record, { templateMajorVersion, templateMinorVersion });
  if (spec === undefined) delete record.spec;
  else record.spec = spec;
}

/**
 * The record a settling work item still applies to (its pending work), with the pending mark cleared;
 * undefined when the record is gone or the work was superseded (e.g. by a cancellation).
 */
export function claim<T extends { pendingSeq?: number }>(
  record: T | undefined,
  work: PendingWork,
): T | undefined {
  if (!record || record.pendingSeq !== work.seq) return undefined;
  delete record.pendingSeq;
  return record;
}

/** `${prefix}.deploy` and `${prefix}.cancel` settlers for a deployable kind. */
export function deploymentSettlers<R extends DeploymentProgress>(
  kind: DeployableKind<R>,
): Record<string, Settler> {
  return {
    [`${kind.prefix}.deploy`]: (ctx, work) => {
      const record = claim(kind.find(ctx, work.target), work);
      if (!record) return;
      const ref = kind.ref(ctx, record);
      finishDeployment(ctx, record, ref, {
        status: work.outcome,
        ...(work.outcome === "FAILED" ? { message: work.message ?? "Deployment failed." } : {}),
        outputs: work.outcome === "SUCCEEDED" ? producedOutputs(ref, record) : [],
      });
    },
    [`${kind.prefix}.cancel`]: (ctx, work) => {
      const record = claim(kind.find(ctx, work.target), work);
      if (!record) return;
      const message = "Deployment cancelled.";
      record.deploymentStatus = "CANCELLED";
      record.deploymentStatusMessage = message;
      const now = ctx.now();
      Object.assign(attempt(ctx, record), {
        deploymentStatus: "CANCELLED",
        deploymentStatusMessage: message,
        completedAt: now,
        lastModifiedAt: now,
      });
      rollBack(ctx, record, kind.ref(ctx, record));
    },
  };
}

/** What a successful deployment outputs: the ref's own outputs, else its spec's inputs, stringified. */
function producedOutputs(ref: DeployableRef, record: DeploymentProgress): OutputRecord[] {
  if (ref.outputs) return ref.outputs();
  const spec = (record as Partial<DeploymentFields>).spec;
  return outputsOf((spec === undefined ? undefined : ref.inputsOf?.(spec)) ?? {});
}

/** `${prefix}.delete` settler: `drop` removes the record for good, or it stays DELETE_FAILED. */
export function deleteSettler<R extends DeploymentProgress>(
  kind: DeployableKind<R>,
  drop: (ctx: OperationContext, record: R) => void,
): Record<string, Settler> {
  return {
    [`${kind.prefix}.delete`]: (ctx, work) => {
      const record = claim(kind.find(ctx, work.target), work);
      if (!record) return;
      if (work.outcome === "FAILED") failDelete(record, work);
      else drop(ctx, record);
    },
  };
}

/** A deletion that failed leaves the record in place, DELETE_FAILED with the failure message. */
export function failDelete(record: DeploymentProgress, work: PendingWork): void {
  record.deploymentStatus = "DELETE_FAILED";
  record.deploymentStatusMessage = work.message ?? "Delete failed.";
}

// ---------------------------------------------------------------------------------------------------
// Output

/** Records keep epoch milliseconds; outputs carry Dates (the protocol writes epoch seconds). */
export const date = (millis: number) => new Date(millis);

/** The deployment fields as Proton returns them (undefined members are dropped on the wire). */
export function deploymentView(record: DeploymentFields) {
  return {
    templateName: record.templateName,
    templateMajorVersion: record.templateMajorVersion,
    templateMinorVersion: record.templateMinorVersion,
    deploymentStatus: record.deploymentStatus,
    deploymentStatusMessage: record.deploymentStatusMessage,
    spec: record.spec,
    createdAt: date(record.createdAt),
    lastDeploymentAttemptedAt: date(record.lastDeploymentAttemptedAt),
    lastDeploymentSucceededAt: date(record.lastDeploymentSucceededAt),
    lastAttemptedDeploymentId: record.lastAttemptedDeploymentId,
    lastSucceededDeploymentId: record.lastSucceededDeploymentId,
  };
}

/**
 * List*Outputs: what the deployment `deploymentId` names recorded (any deployment of this target), by
 * default the last successful one's; none before a first success. One page (the model's EmptyNextToken).
 */
export function outputsPage(
  ctx: OperationContext,
  record: DeploymentProgress,
  targetArn: string,
  deploymentId: string | undefined,
): { outputs: OutputRecord[] } {
  const id = deploymentId ?? record.lastSucceededDeploymentId;
  if (id === undefined) return { outputs: [] };
  const deployment = deploymentsOf(ctx.partition)[id];
  if (!deployment || deployment.targetArn !== targetArn)
    throw notFound(`The deployment ${id} was not found for ${targetArn}.`);
  return { outputs: deployment.outputs.map((output) => ({ ...output })) };
}

/** List*ProvisionedResources: what the last successful deployment provisioned, in one page. */
export const provisionedResourcesPage = (ctx: OperationContext, record: DeploymentProgress) => ({
  provisionedResources: (lastSucceeded(ctx, record)?.provisionedResources ?? []).map((r) => ({ ...r })),
});
