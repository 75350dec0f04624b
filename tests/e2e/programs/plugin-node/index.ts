// The plugin flavour of the Node SDK: custom resources of the provider plugin, an explicit provider for
// another region beside the default one (stack config), an auto-named template, a read function served
// as an invoke, and an environment the test can make fail on its first deployment. Every knob is config.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton/plugin";

const config = new pulumi.Config();
const prefix = pulumi.getStack();

const eu = new proton.Provider("eu", {
  region: "eu-west-1",
  endpoint: config.require("endpoint"),
  pollIntervalMs: 50,
  retryMinDelayMs: 10,
});

// No name: `eu-template-<7 hex of plugin-node/<stack>/eu-template>`, as the dynamic path would choose.
const euTemplate = new proton.EnvironmentTemplate(
  "eu-template",
  { description: config.get("euDescription") ?? "in eu-west-1", tags: { team: "platform" } },
  { provider: eu },
);
export const euTemplateName = euTemplate.name;
export const euTemplateArn = euTemplate.arn;
export const euTemplateRead = proton.getEnvironmentTemplateOutput(
  { name: euTemplate.name },
  { provider: eu },
).arn;

const template = new proton.EnvironmentTemplate("vpc", {
  name: config.get("templateName") ?? `${prefix}-vpc`,
});
const version = new proton.EnvironmentTemplateVersion("vpc-v1", {
  templateName: template.name,
  source: { s3: { bucket: "e2e-templates", key: "vpc-v1.tar.gz" } },
  status: proton.TemplateVersionTargetStatus.Published,
});

const environmentName = config.get("environment");
const environment = environmentName
  ? new proton.Environment("env", {
      name: environmentName,
      templateName: template.name,
      templateMajorVersion: version.majorVersion,
      protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
      spec: `proton: EnvironmentSpec\nspec:\n  cidr: ${config.get("cidr") ?? "10.0.0.0/16"}\n`,
    })
  : undefined;
export const environmentStatus = environment?.deploymentStatus;
export const isInstance = proton.EnvironmentTemplate.isInstance(template) && proton.Provider.isInstance(eu);
