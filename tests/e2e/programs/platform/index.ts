// Templates with three versions each, an environment, a service with instances and a pipeline. Every
// knob the end-to-end test turns is stack config, so each `up` changes exactly what the test says.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";
import { stringify } from "yaml";

interface InstanceConfig {
  name: string;
  port: number;
  major?: string;
  minor?: string;
}

const config = new pulumi.Config();
const prefix = pulumi.getStack();
const source = (key: string) => ({ s3: { bucket: "e2e-templates", key } });

/** Versions 1.0, 1.1 and 2.0, registered in order (Proton numbers them as they arrive). */
function versions<T extends pulumi.Resource>(
  make: (major: string | undefined, key: string, after?: T) => T,
): T[] {
  const v10 = make(undefined, "v1.0");
  const v11 = make("1", "v1.1", v10);
  const v20 = make(undefined, "v2.0", v11);
  return [v10, v11, v20];
}

const envTemplate = new proton.EnvironmentTemplate("env-template", { name: `${prefix}-vpc` });
const envVersions = versions<proton.EnvironmentTemplateVersion>(
  (majorVersion, key, after) =>
    new proton.EnvironmentTemplateVersion(
      `env-template-${key}`,
      { templateName: envTemplate.name, majorVersion, source: source(`env/${key}.tar.gz`) },
      { dependsOn: after ? [after] : [] },
    ),
);

const svcTemplate = new proton.ServiceTemplate("svc-template", { name: `${prefix}-web` });
const svcVersions = versions<proton.ServiceTemplateVersion>(
  (majorVersion, key, after) =>
    new proton.ServiceTemplateVersion(
      `svc-template-${key}`,
      {
        templateName: svcTemplate.name,
        majorVersion,
        source: source(`svc/${key}.tar.gz`),
        compatibleEnvironmentTemplates: ["1", "2"].map((major) => ({
          templateName: envTemplate.name,
          majorVersion: major,
        })),
      },
      // Compatible environment major versions must exist first.
      { dependsOn: [...envVersions, ...(after ? [after] : [])] },
    ),
);

const environment = new proton.Environment(
  "env",
  {
    name: `${prefix}-dev`,
    templateName: envTemplate.name,
    templateMajorVersion: config.get("envMajor") ?? "1",
    templateMinorVersion: config.get("envMinor") ?? "0",
    spec: stringify({ proton: "EnvironmentSpec", spec: { cidr: config.get("envCidr") ?? "10.0.0.0/16" } }),
    description: config.get("envDescription") ?? "development",
    protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
  },
  { dependsOn: envVersions },
);

const instanceInputs = (i: InstanceConfig) => ({ port: i.port });
const initial: InstanceConfig[] = [
  { name: "a", port: 80 },
  { name: "b", port: 81 },
];
const instances = config.getObject<InstanceConfig[]>("instances") ?? initial;
const pipelineInputs = { image: config.get("pipelineImage") ?? "node:20" };

// The creation spec lists the first instances and the pipeline inputs; afterwards the ServiceInstance
// and ServicePipeline resources below own them.
const service = new proton.Service(
  "svc",
  {
    name: `${prefix}-api`,
    templateName: svcTemplate.name,
    templateMajorVersion: "1",
    templateMinorVersion: "0",
    spec: environment.name.apply((env) =>
      stringify({
        proton: "ServiceSpec",
        pipeline: pipelineInputs,
        instances: initial.map((i) => ({ name: i.name, environment: env, spec: instanceInputs(i) })),
      }),
    ),
    repositoryConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/e2e",
    repositoryId: "acme/api",
    branchName: "main",
  },
  { dependsOn: svcVersions },
);

const instanceResources = instances.map(
  (i) =>
    new proton.ServiceInstance(`instance-${i.name}`, {
      name: i.name,
      serviceName: service.name,
      environmentName: environment.name,
      spec: stringify(instanceInputs(i)),
      templateMajorVersion: i.major,
      templateMinorVersion: i.minor,
    }),
);

const pipeline = new proton.ServicePipeline("pipeline", {
  serviceName: service.name,
  spec: stringify(pipelineInputs),
  templateMajorVersion: config.get("pipelineMajor"),
  templateMinorVersion: config.get("pipelineMinor"),
});

// An environment that already exists in Proton, brought under management with the import option.
const legacy = config.get("importEnvironment");
if (legacy) {
  new proton.Environment(
    "legacy",
    {
      name: legacy,
      templateName: envTemplate.name,
      templateMajorVersion: "1",
      templateMinorVersion: "0",
      spec: stringify({ proton: "EnvironmentSpec", spec: { cidr: "172.16.0.0/12" } }),
      protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
    },
    { import: legacy, dependsOn: envVersions },
  );
}

// A second environment, used to interrupt a create half-way.
const extra = config.get("extraEnvironment");
if (extra) {
  new proton.Environment(
    "extra",
    {
      name: extra,
      templateName: envTemplate.name,
      templateMajorVersion: "1",
      spec: stringify({ proton: "EnvironmentSpec", spec: { cidr: "192.168.0.0/16" } }),
      protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
    },
    { dependsOn: envVersions },
  );
}

export const environmentStatus = environment.deploymentStatus;
// Read functions: the Output form waits for the environment; the answers come from Proton, not the state.
const read = proton.getEnvironmentOutput({ name: environment.name });
export const environmentReadStatus = read.deploymentStatus;
export const environmentReadArn = read.arn;
export const environmentOutputKeys = proton
  .listEnvironmentOutputsOutput({ environmentName: environment.name })
  .apply((r) => r.outputs.map((o) => o.key).sort());
export const environmentVersion = pulumi.interpolate`${environment.templateMajorVersion}.${environment.templateMinorVersion}`;
export const serviceStatus = service.status;
export const instanceVersions = Object.fromEntries(
  instanceResources.map((r, n) => [
    instances[n].name,
    pulumi.interpolate`${r.templateMajorVersion}.${r.templateMinorVersion}`,
  ]),
);
export const pipelineVersion = pulumi.interpolate`${pipeline.templateMajorVersion}.${pipeline.templateMinorVersion}`;
