// An AWS Proton platform: the platform team's templates, one environment, and a service with two
// instances and a pipeline deployed into it.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";

const config = new pulumi.Config();
// Proton names are unique per account and region: the prefix lets several stacks share one account.
const prefix = config.get("prefix") ?? pulumi.getStack();
const bucket = config.get("templateBucket") ?? "proton-example-templates";
// A service instance input: changing it is a spec-only change, deployed with CURRENT_VERSION.
const desiredCount = config.getNumber("desiredCount") ?? 1;
const accountId = config.get("accountId") ?? "123456789012";

const envTemplate = new proton.EnvironmentTemplate("env-template", {
  name: `${prefix}-vpc`,
  displayName: "VPC environment",
  description: "A shared VPC for services",
});

// The template bundles: local directories (../templates) packed, checked at preview and uploaded to S3.
const envBundle = new proton.TemplateBundle("env-bundle-v1", {
  directory: "../templates/vpc-environment/v1",
  bucket,
  createBucket: true,
});
const serviceBundle = new proton.TemplateBundle("service-bundle-v1", {
  directory: "../templates/web-service/v1",
  bucket,
  createBucket: true,
});

const envTemplateV1 = new proton.EnvironmentTemplateVersion("env-template-v1", {
  templateName: envTemplate.name,
  description: "First release",
  source: envBundle.source,
});

const serviceTemplate = new proton.ServiceTemplate("service-template", {
  name: `${prefix}-web-service`,
  displayName: "Load-balanced web service",
  description: "A containerized web service with a CI/CD pipeline",
});

const serviceTemplateV1 = new proton.ServiceTemplateVersion("service-template-v1", {
  templateName: serviceTemplate.name,
  description: "First release",
  source: serviceBundle.source,
  compatibleEnvironmentTemplates: [
    { templateName: envTemplate.name, majorVersion: envTemplateV1.majorVersion },
  ],
});

const environment = new proton.Environment("dev", {
  name: `${prefix}-dev`,
  description: "Development environment",
  templateName: envTemplate.name,
  templateMajorVersion: envTemplateV1.majorVersion,
  templateMinorVersion: envTemplateV1.minorVersion,
  protonServiceRoleArn: `arn:aws:iam::${accountId}:role/ProtonServiceRole`,
  spec: ["proton: EnvironmentSpec", "spec:", "  vpc_cidr: 10.0.0.0/16", ""].join("\n"),
});

// The instances' own specs, reused below so the service spec and the instance resources agree.
// Extra YAML lines for both instances' specs, to try an input without editing the program (checked
// against the template's schema at preview: `pulumi config set extraInputs "health_check: /"` fails).
const extraInputs = config.get("extraInputs") ?? "";
const instanceSpec = (size: string) =>
  `port: 8080\ndesired_count: ${desiredCount}\nsize: ${size}\n${extraInputs ? `${extraInputs.trimEnd()}\n` : ""}`;
const indent = (text: string, spaces: number) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => " ".repeat(spaces) + line)
    .join("\n");

const service = new proton.Service("web", {
  name: `${prefix}-web`,
  description: "The storefront",
  // The template has a pipeline: Proton builds it from this source repository and branch.
  repositoryConnectionArn: `arn:aws:codestar-connections:us-east-1:${accountId}:connection/example`,
  repositoryId: "example-org/storefront",
  branchName: "main",
  templateName: serviceTemplate.name,
  templateMajorVersion: serviceTemplateV1.majorVersion,
  templateMinorVersion: serviceTemplateV1.minorVersion,
  spec: pulumi.interpolate`proton: ServiceSpec
pipeline:
  unit_test_command: npm test
instances:
  - name: frontend
    environment: ${environment.name}
    spec:
${indent(instanceSpec("small"), 6)}
  - name: backend
    environment: ${environment.name}
    spec:
${indent(instanceSpec("medium"), 6)}
`,
});

// Proton creates the instances and the pipeline from the service spec; these resources adopt them,
// so later spec and version changes are deployed per instance.
const frontend = new proton.ServiceInstance("frontend", {
  name: "frontend",
  serviceName: service.name,
  environmentName: environment.name,
  spec: instanceSpec("small"),
});

const backend = new proton.ServiceInstance("backend", {
  name: "backend",
  serviceName: service.name,
  environmentName: environment.name,
  spec: instanceSpec("medium"),
});

const pipeline = new proton.ServicePipeline("pipeline", {
  serviceName: service.name,
  spec: "unit_test_command: npm test\n",
});

export const environmentTemplateArn = envTemplate.arn;
export const environmentTemplateVersion = pulumi.interpolate`${envTemplateV1.majorVersion}.${envTemplateV1.minorVersion}`;
export const serviceTemplateArn = serviceTemplate.arn;
export const serviceTemplateVersion = pulumi.interpolate`${serviceTemplateV1.majorVersion}.${serviceTemplateV1.minorVersion}`;
export const environmentArn = environment.arn;
export const environmentDeploymentStatus = environment.deploymentStatus;
export const serviceArn = service.arn;
export const serviceStatus = service.status;
export const instanceArns = { frontend: frontend.arn, backend: backend.arn };
export const instanceDeploymentStatuses = {
  frontend: frontend.deploymentStatus,
  backend: backend.deploymentStatus,
};
export const pipelineArn = pipeline.arn;
export const pipelineDeploymentStatus = pipeline.deploymentStatus;
