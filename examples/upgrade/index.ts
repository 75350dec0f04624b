// The platform example's service, driven through three kinds of change by stack config alone:
//   1. `pulumi config set desiredCount 2`        spec change        -> CURRENT_VERSION
//   2. `pulumi config set serviceVersion 1.1`    new minor version  -> MINOR_VERSION
//   3. `pulumi config set serviceVersion 2.0`    new major version  -> MAJOR_VERSION
// The provider picks the deploymentType from what changed; see README.md for each step's preview.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";

const config = new pulumi.Config();
const prefix = config.get("prefix") ?? pulumi.getStack();
const bucket = config.get("templateBucket") ?? "proton-example-templates";
const accountId = config.get("accountId") ?? "123456789012";
const desiredCount = config.getNumber("desiredCount") ?? 1;
const serviceVersion = config.get("serviceVersion") ?? "1.0";
if (!["1.0", "1.1", "2.0"].includes(serviceVersion)) {
  throw new Error(`serviceVersion must be 1.0, 1.1 or 2.0, got ${serviceVersion}`);
}

const envTemplate = new proton.EnvironmentTemplate("env-template", { name: `${prefix}-vpc` });
// The template bundles (../templates), packed, checked at preview and uploaded to S3.
const bundle = (name: string, directory: string) =>
  new proton.TemplateBundle(name, { directory: `../templates/${directory}`, bucket, createBucket: true });
const envTemplateV1 = new proton.EnvironmentTemplateVersion("env-template-v1", {
  templateName: envTemplate.name,
  source: bundle("env-bundle-v1", "vpc-environment/v1").source,
});
const compatible = [{ templateName: envTemplate.name, majorVersion: envTemplateV1.majorVersion }];

const serviceTemplate = new proton.ServiceTemplate("service-template", { name: `${prefix}-web-service` });

// Versions are only ever added: 1.0 always exists, 1.1 and 2.0 appear when config asks for them, and
// each depends on the one before so Proton numbers them 1.0, 1.1, 2.0.
const v1_0 = new proton.ServiceTemplateVersion("service-template-v1.0", {
  templateName: serviceTemplate.name,
  description: "1.0: first release",
  source: bundle("service-bundle-v1.0", "web-service/v1").source,
  compatibleEnvironmentTemplates: compatible,
});
const v1_1 =
  serviceVersion !== "1.0"
    ? new proton.ServiceTemplateVersion("service-template-v1.1", {
        templateName: serviceTemplate.name,
        majorVersion: v1_0.majorVersion,
        description: "1.1: adds health checks (compatible)",
        source: bundle("service-bundle-v1.1", "web-service/v1.1").source,
        compatibleEnvironmentTemplates: compatible,
      })
    : undefined;
const v2_0 =
  serviceVersion === "2.0"
    ? new proton.ServiceTemplateVersion(
        "service-template-v2.0",
        {
          templateName: serviceTemplate.name,
          description: "2.0: new load balancer (breaking)",
          source: bundle("service-bundle-v2.0", "web-service/v2").source,
          compatibleEnvironmentTemplates: compatible,
        },
        { dependsOn: v1_1 ? [v1_1] : [] },
      )
    : undefined;
// The version the instances and the pipeline run.
const target = v2_0 ?? v1_1 ?? v1_0;

const environment = new proton.Environment("dev", {
  name: `${prefix}-dev`,
  templateName: envTemplate.name,
  templateMajorVersion: envTemplateV1.majorVersion,
  protonServiceRoleArn: `arn:aws:iam::${accountId}:role/ProtonServiceRole`,
  spec: "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n",
});

const instanceSpec = `port: 8080\ndesired_count: ${desiredCount}\n`;
// The service's spec and version only seed its creation (1.0, one instance): afterwards the instance
// and pipeline resources below own what runs, and every upgrade is deployed through them.
const service = new proton.Service(
  "web",
  {
    name: `${prefix}-web`,
    // The template has a pipeline: Proton builds it from this source repository and branch.
    repositoryConnectionArn: `arn:aws:codestar-connections:us-east-1:${accountId}:connection/example`,
    repositoryId: "example-org/storefront",
    branchName: "main",
    templateName: serviceTemplate.name,
    templateMajorVersion: v1_0.majorVersion,
    templateMinorVersion: v1_0.minorVersion,
    spec: pulumi.interpolate`proton: ServiceSpec
pipeline:
  unit_test_command: npm test
instances:
  - name: web
    environment: ${environment.name}
    spec:
      port: 8080
      desired_count: 1
`,
  },
  // Proton refuses to delete a template version a service still runs, and the last instance goes with
  // the service: depending on every version makes `destroy` delete the service before any of them.
  { dependsOn: [v1_1, v2_0].filter((v) => v !== undefined) },
);

const instance = new proton.ServiceInstance("web", {
  name: "web",
  serviceName: service.name,
  environmentName: environment.name,
  spec: instanceSpec,
  templateMajorVersion: target.majorVersion,
  templateMinorVersion: target.minorVersion,
});

const pipeline = new proton.ServicePipeline("pipeline", {
  serviceName: service.name,
  spec: "unit_test_command: npm test\n",
  templateMajorVersion: target.majorVersion,
  templateMinorVersion: target.minorVersion,
});

export const serviceTemplateVersions = pulumi
  .all(
    [v1_0, v1_1, v2_0]
      .filter((v) => v !== undefined)
      .map((v) => pulumi.interpolate`${v.majorVersion}.${v.minorVersion}`),
  )
  .apply((versions) => versions);
export const instanceVersion = pulumi.interpolate`${instance.templateMajorVersion}.${instance.templateMinorVersion}`;
export const instanceSpecDeployed = instance.spec;
export const instanceDeploymentStatus = instance.deploymentStatus;
export const pipelineVersion = pulumi.interpolate`${pipeline.templateMajorVersion}.${pipeline.templateMinorVersion}`;
export const pipelineDeploymentStatus = pipeline.deploymentStatus;
