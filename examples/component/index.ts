// A directly defined component: the platform team's templates allow components (the service template
// version lists DIRECTLY_DEFINED) and name the component role (the environment's componentRoleArn); a
// developer adds an SQS queue to one service instance with an inline CloudFormation template and its
// manifest, reading the instance's inputs from the service spec.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";

const config = new pulumi.Config();
// Proton names are unique per account and region: the prefix lets several stacks share one account.
const prefix = config.get("prefix") ?? pulumi.getStack();
const bucket = config.get("templateBucket") ?? "proton-example-templates";
const accountId = config.get("accountId") ?? "123456789012";
// Written into the component's template file: changing it is a CURRENT_VERSION deployment of the
// component alone.
const visibilityTimeout = config.getNumber("visibilityTimeout") ?? 30;
// An input of the service instance the component reads (service_instance.inputs.retention_seconds).
const retentionSeconds = config.getNumber("retentionSeconds") ?? 345600;

const envTemplate = new proton.EnvironmentTemplate("env-template", {
  name: `${prefix}-vpc`,
  displayName: "VPC environment",
});

const envTemplateV1 = new proton.EnvironmentTemplateVersion("env-template-v1", {
  templateName: envTemplate.name,
  // The template bundles (../templates), packed, checked at preview and uploaded to S3.
  source: new proton.TemplateBundle("env-bundle-v1", {
    directory: "../templates/vpc-environment/v1",
    bucket,
    createBucket: true,
  }).source,
});

const serviceTemplate = new proton.ServiceTemplate("service-template", {
  name: `${prefix}-worker-service`,
  displayName: "Background worker",
  // No pipeline: this example is about the component.
  pipelineProvisioning: "CUSTOMER_MANAGED",
});

const serviceTemplateV1 = new proton.ServiceTemplateVersion("service-template-v1", {
  templateName: serviceTemplate.name,
  source: new proton.TemplateBundle("service-bundle-v1", {
    directory: "../templates/worker-service/v1",
    bucket,
    createBucket: true,
  }).source,
  compatibleEnvironmentTemplates: [
    { templateName: envTemplate.name, majorVersion: envTemplateV1.majorVersion },
  ],
  // Instances of this version may have directly defined components attached.
  supportedComponentSources: ["DIRECTLY_DEFINED"],
});

const environment = new proton.Environment("dev", {
  name: `${prefix}-dev`,
  templateName: envTemplate.name,
  templateMajorVersion: envTemplateV1.majorVersion,
  protonServiceRoleArn: `arn:aws:iam::${accountId}:role/ProtonServiceRole`,
  // The role Proton provisions components with: it bounds what developers' components may create.
  componentRoleArn: `arn:aws:iam::${accountId}:role/ProtonComponentRole`,
  spec: "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n",
});

const instanceInputs = `retention_seconds: ${retentionSeconds}\n`;
const serviceSpecOf = (environmentName: string) =>
  [
    "proton: ServiceSpec",
    "instances:",
    "  - name: jobs",
    `    environment: ${environmentName}`,
    "    spec:",
    `      retention_seconds: ${retentionSeconds}`,
    "",
  ].join("\n");

const service = new proton.Service("worker", {
  name: `${prefix}-worker`,
  templateName: serviceTemplate.name,
  templateMajorVersion: serviceTemplateV1.majorVersion,
  spec: environment.name.apply(serviceSpecOf),
});

const instance = new proton.ServiceInstance("jobs", {
  name: "jobs",
  serviceName: service.name,
  environmentName: environment.name,
  spec: instanceInputs,
});

// The component's IaC: one CloudFormation file, rendered by Proton with the component's parameters.
// It must also render detached (Proton detaches a component before deleting it, and then it has no
// instance inputs): names come from the component and its environment, inputs have defaults.
const templateFile = `Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: "{{ environment.name }}-{{ component.name }}"
      MessageRetentionPeriod: {{ service_instance.inputs.retention_seconds | default(345600) }}
      VisibilityTimeout: ${visibilityTimeout}
Outputs:
  QueueName:
    Value: "{{ environment.name }}-{{ component.name }}"
  QueueUrl:
    Value: !Ref Queue
  QueueArn:
    Value: !GetAtt Queue.Arn
`;

const manifest = `infrastructure:
  templates:
    - file: "cloudformation.yaml"
      rendering_engine: jinja
      template_language: cloudformation
`;

const queue = new proton.Component("queue", {
  name: `${prefix}-queue`,
  // Declared, so that preview tells a move within the environment (in place) from one out of it.
  environmentName: instance.environmentName,
  serviceName: instance.serviceName,
  serviceInstanceName: instance.name,
  manifest,
  templateFile,
  serviceSpec: environment.name.apply(serviceSpecOf),
  description: "The worker's job queue",
});

export const componentArn = queue.arn;
export const componentDeploymentStatus = queue.deploymentStatus;
export const componentAttachedTo = pulumi.interpolate`${queue.serviceName}/${queue.serviceInstanceName}`;
export const queueName = queue.outputs.apply((outputs) => outputs?.QueueName);
export const instanceDeploymentStatus = instance.deploymentStatus;
