/**
 * Output shapes shared by the resources created from a template version (Environment, Service) and
 * by those Proton deploys (Environment, ServiceInstance, ServicePipeline).
 */
import * as pulumi from "@pulumi/pulumi";

/** The leading output names of Environment and Service: the arguments they are created with. */
export const FROM_TEMPLATE_OUTPUTS = [
  "name",
  "templateName",
  "templateMajorVersion",
  "templateMinorVersion",
  "spec",
  "description",
] as const;

/** Output names of the last deployment's outcome. */
export const DEPLOYMENT_OUTPUTS = [
  "deploymentStatus",
  "deploymentStatusMessage",
  "lastAttemptedDeploymentId",
  "lastDeploymentAttemptedAt",
  "lastDeploymentSucceededAt",
  "lastSucceededDeploymentId",
] as const;

/** The outputs every deployed resource has: what it runs, and how its last deployment went. */
export abstract class DeployedResource extends pulumi.dynamic.Resource {
  /** The template it is deployed from. */
  declare public readonly templateName: pulumi.Output<string>;
  /** The major version Proton runs. */
  declare public readonly templateMajorVersion: pulumi.Output<string>;
  /** The minor version Proton runs (also when the argument is unset). */
  declare public readonly templateMinorVersion: pulumi.Output<string>;
  /** ARN. */
  declare public readonly arn: pulumi.Output<string>;
  /** When it was created (ISO 8601). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** `SUCCEEDED`, or `FAILED`/`CANCELLED` after a deployment that did not complete. */
  declare public readonly deploymentStatus: pulumi.Output<string>;
  /** Proton's message about the last deployment. */
  declare public readonly deploymentStatusMessage: pulumi.Output<string | undefined>;
  /** Id of the last deployment attempted. */
  declare public readonly lastAttemptedDeploymentId: pulumi.Output<string | undefined>;
  /** When the last deployment was attempted (ISO 8601). */
  declare public readonly lastDeploymentAttemptedAt: pulumi.Output<string>;
  /** When the last deployment succeeded (ISO 8601). */
  declare public readonly lastDeploymentSucceededAt: pulumi.Output<string>;
  /** Id of the last deployment that succeeded. */
  declare public readonly lastSucceededDeploymentId: pulumi.Output<string | undefined>;
}
