// Git sync: a repository linked to Proton, an environment template whose versions are registered from
// commits to it (template sync), and a service whose instances a proton-ops file in it deploys
// (service sync). The service runs on templates registered from S3 as usual; see README.md for a push.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";

const config = new pulumi.Config();
// Proton names are unique per account and region: the prefix lets several stacks share one account.
const prefix = config.get("prefix") ?? pulumi.getStack();
const bucket = config.get("templateBucket") ?? "proton-example-templates";
const accountId = config.get("accountId") ?? "123456789012";
const repositoryName = config.get("repository") ?? "example-org/proton-config";

const repository = new proton.Repository("repository", {
  provider: "GITHUB",
  name: repositoryName,
  connectionArn: `arn:aws:codestar-connections:us-east-1:${accountId}:connection/example`,
});

// Template sync: commits to main that change templates/<name>/v<major>/ register versions (DRAFT).
const syncedTemplate = new proton.EnvironmentTemplate("synced-template", {
  name: `${prefix}-network`,
  description: "Versions come from Git",
});
const templateSync = new proton.TemplateSyncConfig("template-sync", {
  templateName: syncedTemplate.name,
  templateType: "ENVIRONMENT",
  repositoryProvider: repository.provider,
  repositoryName: repository.name,
  branch: "main",
  subdirectory: "templates",
});

// The platform the synced service runs on, registered from bundles (../templates) uploaded to S3.
const envTemplate = new proton.EnvironmentTemplate("env-template", { name: `${prefix}-vpc` });
const envTemplateV1 = new proton.EnvironmentTemplateVersion("env-template-v1", {
  templateName: envTemplate.name,
  source: new proton.TemplateBundle("env-bundle-v1", {
    directory: "../templates/vpc-environment/v1",
    bucket,
    createBucket: true,
  }).source,
});
const serviceTemplate = new proton.ServiceTemplate("service-template", {
  name: `${prefix}-api-service`,
  pipelineProvisioning: "CUSTOMER_MANAGED",
});
const serviceTemplateV1 = new proton.ServiceTemplateVersion("service-template-v1", {
  templateName: serviceTemplate.name,
  source: new proton.TemplateBundle("service-bundle-v1", {
    directory: "../templates/api-service/v1",
    bucket,
    createBucket: true,
  }).source,
  compatibleEnvironmentTemplates: [
    { templateName: envTemplate.name, majorVersion: envTemplateV1.majorVersion },
  ],
});
const environment = new proton.Environment("dev", {
  name: `${prefix}-dev`,
  templateName: envTemplate.name,
  templateMajorVersion: envTemplateV1.majorVersion,
  protonServiceRoleArn: `arn:aws:iam::${accountId}:role/ProtonServiceRole`,
  spec: "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n",
});

// Service sync owns the instances: the service's creation spec seeds the first one, later specs come
// from the proton-ops file (no ServiceInstance resources, or sync and Pulumi would fight).
const service = new proton.Service("api", {
  name: `${prefix}-api`,
  templateName: serviceTemplate.name,
  templateMajorVersion: serviceTemplateV1.majorVersion,
  spec: pulumi.interpolate`proton: ServiceSpec
instances:
  - name: api-dev
    environment: ${environment.name}
    spec:
      port: 8080
`,
});
const serviceSync = new proton.ServiceSyncConfig("service-sync", {
  serviceName: service.name,
  repositoryProvider: repository.provider,
  repositoryName: repository.name,
  branch: "main",
  filePath: "proton-ops.yaml",
});

// What a CI step would gate on: the template's sync status and the service's open blockers.
const templateStatus = proton.getTemplateSyncStatusOutput({
  templateName: templateSync.templateName,
  templateType: "ENVIRONMENT",
  templateVersion: "1",
});
const blockers = proton.getServiceSyncBlockerSummaryOutput({
  serviceName: serviceSync.serviceName,
  serviceInstanceName: "api-dev",
});

export const repositoryArn = repository.arn;
export const syncedTemplateName = syncedTemplate.name;
export const syncedVersions = templateSync.syncedVersions;
export const templateSyncStatus = templateStatus.apply((s) => s.latestSync?.status ?? "NONE");
export const serviceName = service.name;
export const serviceSyncFile = serviceSync.filePath;
export const activeBlockers = blockers.latestBlockers.apply((list) => list.length);
