/**
 * End-to-end program for the template resources. Stack config drives the changes the test makes:
 * `envDescription` (in-place update), `serviceV2Key` (source change → replacement) and `adopt`
 * (a template created outside Pulumi, adopted with the `import` resource option).
 */
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";

const config = new pulumi.Config();
const bundle = (key: string) => ({ s3: { bucket: "proton-bundles", key } });

const envTemplate = new proton.EnvironmentTemplate("vpc", {
  displayName: "Shared VPC",
  description: config.get("envDescription") ?? "network for every service",
  tags: { team: "platform" },
});
// A new major (1.0), then a minor in it (1.1).
const envV1 = new proton.EnvironmentTemplateVersion("vpc-v1", {
  templateName: envTemplate.name,
  source: bundle("vpc/v1.tar.gz"),
});
const envV1Minor = new proton.EnvironmentTemplateVersion("vpc-v1-1", {
  templateName: envTemplate.name,
  majorVersion: envV1.majorVersion,
  source: bundle("vpc/v1.1.tar.gz"),
  description: "second minor",
});

const serviceTemplate = new proton.ServiceTemplate("api", {
  description: "HTTP API on Fargate",
});
const compatible = [{ templateName: envTemplate.name, majorVersion: envV1.majorVersion }];
// Two majors: 1.0, then a new major 2.0.
const serviceV1 = new proton.ServiceTemplateVersion(
  "api-v1",
  {
    templateName: serviceTemplate.name,
    source: bundle("api/v1.tar.gz"),
    compatibleEnvironmentTemplates: compatible,
  },
  { dependsOn: [envV1Minor] },
);
const serviceV2 = new proton.ServiceTemplateVersion(
  "api-v2",
  {
    templateName: serviceTemplate.name,
    source: bundle(config.get("serviceV2Key") ?? "api/v2.tar.gz"),
    compatibleEnvironmentTemplates: compatible,
  },
  { dependsOn: [serviceV1] },
);

// An invalid explicit name: `preview` must fail in check, before any Proton call.
const badName = config.get("badName");
if (badName) new proton.EnvironmentTemplate("bad", { name: badName });

// A bundle Proton cannot read: registration fails, the version is deleted and `up` reports why.
if (config.getBoolean("broken")) {
  new proton.EnvironmentTemplateVersion("vpc-broken", {
    templateName: envTemplate.name,
    majorVersion: envV1.majorVersion,
    source: { s3: { bucket: "invalid-bundles", key: "broken.tar.gz" } },
  });
}

const settings = new proton.AccountSettings("settings", {
  pipelineServiceRoleArn: "arn:aws:iam::123456789012:role/proton-pipeline",
});

const adopt = config.get("adopt");
// The standard `import` option: the class carries it to the provider as `importId` (the engine's own
// import cannot work for dynamic resources).
const adopted = adopt
  ? new proton.EnvironmentTemplate("adopted", { description: "adopted by Pulumi" }, { import: adopt })
  : undefined;

// Read-only lookup of a template by id.
const lookedUp = proton.EnvironmentTemplate.get("vpc-lookup", envTemplate.id);

export const envTemplateName = envTemplate.name;
export const lookedUpArn = lookedUp.arn;
export const envTemplateArn = envTemplate.arn;
export const envVersions = [envV1.id, envV1Minor.id];
export const serviceTemplateName = serviceTemplate.name;
export const serviceVersions = [serviceV1.id, serviceV2.id];
export const pipelineRole = settings.pipelineServiceRoleArn;
export const adoptedArn = adopted?.arn;
