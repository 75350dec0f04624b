/**
 * The one deployment state machine shared by environments, service instances and service pipelines.
 *
 * A deployable resource carries a `Deployment`: what is deployed (template version + spec) and the
 * status of the last attempt. Starting a deployment records the attempt as IN_PROGRESS and keeps the
 * requested version/spec aside; when it settles the request is applied (SUCCEEDED) or dropped
 * (FAILED, CANCELLED), so a resource always shows the version that is really deployed.
 */
import { conflict, notFound, validation } from "../errors";

export type DeploymentStatus =
  | "IN_PROGRESS"
  | "FAILED"
  | "SUCCEEDED"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "DELETE_COMPLETE"
  | "CANCELLING"
  | "CANCELLED";

export type DeploymentType = "NONE" | "CURRENT_VERSION" | "MINOR_VERSION" | "MAJOR_VERSION";

/** A template version plus the spec deployed with it. */
export interface DeploymentTarget {
  readonly templateMajorVersion: string;
  readonly templateMinorVersion: string;
  readonly spec: string;
}

/** What the status/version fields of Environment, ServiceInstance and ServicePipeline hold. */
export interface Deployment extends DeploymentTarget {
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage?: string;
  lastDeploymentAttemptedAt: number;
  lastDeploymentSucceededAt: number;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
  /** The target of the IN_PROGRESS attempt, applied when it succeeds. */
  requested?: DeploymentTarget;
}

/** Template versions of one template, as the deployment rules need them. */
export interface VersionCatalog {
  /** Status of a version, undefined when it does not exist. */
  status(major: string, minor: string): string | undefined;
  /** The recommended (latest published) minor version of a major version. */
  recommendedMinor(major: string): string | undefined;
  /** The recommended major version of the template. */
  recommendedMajor(): string | undefined;
}

export interface UpdateRequest {
  readonly deploymentType: DeploymentType;
  readonly spec?: string;
  readonly templateMajorVersion?: string;
  readonly templateMinorVersion?: string;
}

/** Statuses during which Proton refuses any other mutation of the resource. */
const busyStatuses: ReadonlySet<DeploymentStatus> = new Set([
  "IN_PROGRESS",
  "CANCELLING",
  "DELETE_IN_PROGRESS",
]);

export function isBusy(deployment: Deployment): boolean {
  return busyStatuses.has(deployment.deploymentStatus);
}

export function assertNotBusy(deployment: Deployment, what: string): void {
  if (isBusy(deployment)) {
    throw conflict(`${what} can't be changed while its deployment status is ${deployment.deploymentStatus}`);
  }
}

/** Checks that a version can be deployed: it must exist and be published. */
export function assertDeployable(
  catalog: VersionCatalog,
  templateName: string,
  major: string,
  minor: string,
): void {
  const status = catalog.status(major, minor);
  if (status === undefined) {
    throw notFound(`Template version ${templateName}:${major}.${minor} does not exist`);
  }
  if (status !== "PUBLISHED") {
    throw validation(`Template version ${templateName}:${major}.${minor} is ${status}, not PUBLISHED`);
  }
}

const versionNumber = (version: string): number => Number.parseInt(version, 10);

type Planner = (
  current: DeploymentTarget,
  request: UpdateRequest,
  catalog: VersionCatalog,
) => DeploymentTarget | undefined;

const refuseVersions = (request: UpdateRequest): void => {
  if (request.templateMajorVersion !== undefined || request.templateMinorVersion !== undefined) {
    throw validation(`Don't include version parameters with deploymentType ${request.deploymentType}`);
  }
};

/** One rule per deploymentType, as the UpdateEnvironment/ServiceInstance/ServicePipeline reference describes. */
const planners: Record<DeploymentType, Planner> = {
  NONE: (_current, request) => {
    refuseVersions(request);
    if (request.spec !== undefined) {
      throw validation("deploymentType NONE updates metadata only: don't include a spec");
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
        `deploymentType MINOR_VERSION stays on major version ${current.templateMajorVersion}: use MAJOR_VERSION to change it`,
      );
    }
    const minor = request.templateMinorVersion ?? catalog.recommendedMinor(major);
    if (minor === undefined) throw validation(`Major version ${major} has no published minor version`);
    return { templateMajorVersion: major, templateMinorVersion: minor, spec: request.spec ?? current.spec };
  },
  MAJOR_VERSION: (current, request, catalog) => {
    const major = request.templateMajorVersion ?? catalog.recommendedMajor();
    if (major === undefined || versionNumber(major) <= versionNumber(current.templateMajorVersion)) {
      throw validation(
        `deploymentType MAJOR_VERSION needs a major version higher than ${current.templateMajorVersion}` +
          (major === undefined ? "" : `, not ${major}`),
      );
    }
    const minor = request.templateMinorVersion ?? catalog.recommendedMinor(major);
    if (minor === undefined) throw validation(`Major version ${major} has no published minor version`);
    return { templateMajorVersion: major, templateMinorVersion: minor, spec: request.spec ?? current.spec };
  },
};

/**
 * Decides what an Update* call deploys: undefined for NONE (metadata only), else the target version and
 * spec, after checking the version exists and is published.
 */
export function planUpdate(
  current: DeploymentTarget,
  request: UpdateRequest,
  catalog: VersionCatalog,
  templateName: string,
): DeploymentTarget | undefined {
  const target = planners[request.deploymentType](current, request, catalog);
  if (target !== undefined) {
    assertDeployable(catalog, templateName, target.templateMajorVersion, target.templateMinorVersion);
  }
  return target;
}
