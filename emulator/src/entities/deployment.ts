/**
 * The one deployment state machine shared by environments, service instances and service pipelines.
 *
 * A deployable record (store.DeploymentFields) shows the version and spec of its latest deployment
 * attempt. Starting one records IN_PROGRESS and queues work that settles after the deployment delay:
 * SUCCEEDED remembers the attempt as `lastSucceeded`; FAILED and CANCELLED roll the record back to it.
 * Cancelling moves IN_PROGRESS to CANCELLING, which settles as CANCELLED. Deleting moves the record to
 * DELETE_IN_PROGRESS; the owning entity removes it when that work settles.
 */
import type { ProvisionedResource } from "@aws-sdk/client-proton";
import { conflict, notFound, validation } from "../errors";
import type { OperationContext, Settler } from "../operations";
import { paginate, sortByKey, type PageRequest } from "../pagination";
import type { PendingWork } from "../store";
import type { DeploymentFields, DeploymentStatus } from "./deployment.records";
import { outputsOf, type SpecInputs } from "./serviceSpec";
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

/** How a deployable resource is addressed by queued work and by test control. */
export interface DeployableRef {
  /** Settler prefix: work kinds are `${prefix}.deploy`, `${prefix}.cancel`, `${prefix}.delete`. */
  readonly prefix: string;
  /** Key the settlers resolve back to the record. */
  readonly target: string;
  /** Names/ARNs a test may name in fail-next-deployment to fail the resource's next queued work. */
  readonly subjects: readonly string[];
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

const schedule = (
  ctx: OperationContext,
  ref: DeployableRef,
  step: "deploy" | "cancel" | "delete",
  subjects = ref.subjects,
) => ctx.schedule({ kind: `${ref.prefix}.${step}`, target: ref.target, subjects }).seq;

/** Fields of a deployable that starts its first deployment now. */
export function firstDeployment(
  ctx: OperationContext,
  ref: DeployableRef,
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
    lastAttemptedDeploymentId: ctx.newId(),
    pendingSeq: schedule(ctx, ref, "deploy"),
  };
}

/** Starts a new deployment of an existing record (an Update* call with a deploymentType other than NONE). */
export function startDeployment(
  ctx: OperationContext,
  record: DeploymentFields,
  ref: DeployableRef,
  target: DeploymentTarget,
): void {
  Object.assign(record, target);
  record.deploymentStatus = "IN_PROGRESS";
  delete record.deploymentStatusMessage;
  record.lastDeploymentAttemptedAt = ctx.now();
  record.lastAttemptedDeploymentId = ctx.newId();
  record.pendingSeq = schedule(ctx, ref, "deploy");
}

/** CancelXDeployment: only an IN_PROGRESS deployment can be cancelled. */
export function cancelDeployment(
  ctx: OperationContext,
  record: DeploymentFields,
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
  // Cancellation always succeeds: it must not consume a fail-next meant for the next deployment.
  record.pendingSeq = schedule(ctx, ref, "cancel", []);
}

/** Starts deleting a record; its entity's delete settler removes it (or marks it DELETE_FAILED). */
export function startDelete(ctx: OperationContext, record: DeploymentFields, ref: DeployableRef): void {
  if (record.pendingSeq !== undefined) ctx.unschedule(record.pendingSeq);
  record.deploymentStatus = "DELETE_IN_PROGRESS";
  delete record.deploymentStatusMessage;
  record.pendingSeq = schedule(ctx, ref, "delete");
}

/** Marks a record being deleted together with its parent (no work of its own: the parent's settles it). */
export function markDeleting(ctx: OperationContext, record: DeploymentFields): void {
  if (record.pendingSeq !== undefined) ctx.unschedule(record.pendingSeq);
  delete record.pendingSeq;
  record.deploymentStatus = "DELETE_IN_PROGRESS";
  delete record.deploymentStatusMessage;
}

function rollBack(record: DeploymentFields): void {
  if (record.lastSucceeded) Object.assign(record, record.lastSucceeded);
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

type Find = (ctx: OperationContext, target: string) => DeploymentFields | undefined;

/** `${prefix}.deploy` and `${prefix}.cancel` settlers for a deployable entity; `find` resolves work targets. */
export function deploymentSettlers(prefix: string, find: Find): Record<string, Settler> {
  return {
    [`${prefix}.deploy`]: (ctx, work) => {
      const record = claim(find(ctx, work.target), work);
      if (!record) return;
      if (work.outcome === "SUCCEEDED") {
        record.deploymentStatus = "SUCCEEDED";
        record.lastDeploymentSucceededAt = ctx.now();
        record.lastSucceededDeploymentId = record.lastAttemptedDeploymentId;
        record.lastSucceeded = {
          templateMajorVersion: record.templateMajorVersion,
          templateMinorVersion: record.templateMinorVersion,
          ...(record.spec === undefined ? {} : { spec: record.spec }),
        };
      } else {
        record.deploymentStatus = "FAILED";
        record.deploymentStatusMessage = work.message ?? "Deployment failed.";
        rollBack(record);
      }
    },
    [`${prefix}.cancel`]: (ctx, work) => {
      const record = claim(find(ctx, work.target), work);
      if (!record) return;
      record.deploymentStatus = "CANCELLED";
      record.deploymentStatusMessage = "Deployment cancelled.";
      rollBack(record);
    },
  };
}

/** `${prefix}.delete` settler: `drop` removes the record for good, or it stays DELETE_FAILED. */
export function deleteSettler<T extends DeploymentFields>(
  prefix: string,
  find: (ctx: OperationContext, target: string) => T | undefined,
  drop: (ctx: OperationContext, record: T) => void,
): Record<string, Settler> {
  return {
    [`${prefix}.delete`]: (ctx, work) => {
      const record = claim(find(ctx, work.target), work);
      if (!record) return;
      if (work.outcome === "FAILED") failDelete(record, work);
      else drop(ctx, record);
    },
  };
}

/** A deletion that failed leaves the record in place, DELETE_FAILED with the failure message. */
export function failDelete(record: DeploymentFields, work: PendingWork): void {
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
 * The spec whose outputs List*Outputs reports: the last successful deployment's, or the one named by
 * `deploymentId` (only the last attempted and last successful deployments are remembered).
 */
export function deployedSpec(record: DeploymentFields, deploymentId: string | undefined): string | undefined {
  if (deploymentId === undefined || deploymentId === record.lastSucceededDeploymentId) {
    return record.lastSucceeded?.spec;
  }
  if (deploymentId === record.lastAttemptedDeploymentId) {
    return record.deploymentStatus === "SUCCEEDED" ? record.spec : undefined;
  }
  throw notFound(`The deployment ${deploymentId} was not found.`);
}

/**
 * List*Outputs: the outputs of the deployment `input.deploymentId` names (see deployedSpec), i.e. the
 * inputs `inputsOf` reads from its spec (none when it has no spec or no inputs), in one key-ordered page.
 */
export function outputsPage(
  record: DeploymentFields,
  input: PageRequest & { deploymentId?: string },
  inputsOf: (spec: string) => SpecInputs | undefined,
): { outputs: { key: string; valueString: string }[]; nextToken?: string } {
  const spec = deployedSpec(record, input.deploymentId);
  const outputs = outputsOf((spec === undefined ? undefined : inputsOf(spec)) ?? {});
  const key = (output: { key: string }) => output.key;
  const page = paginate(sortByKey(outputs, key), input, key);
  return { outputs: page.items, nextToken: page.nextToken };
}

/**
 * A List*ProvisionedResources handler: `find` refuses an unknown resource; the emulator runs no IaC, so
 * a resource it finds has no provisioned resources.
 */
export const noProvisionedResources =
  <I>(find: (ctx: OperationContext, input: I) => unknown) =>
  (ctx: OperationContext, input: I): { provisionedResources: ProvisionedResource[] } => {
    find(ctx, input);
    return { provisionedResources: [] };
  };
