// Cross-account provisioning: the environment account asks to host an environment of the management
// account (EnvironmentAccountConnection), the management account accepts (…Accepter), and the
// environment is created through that connection. One program acts as both accounts: each resource
// names the shared-config profile whose credentials it calls Proton with.
import * as pulumi from "@pulumi/pulumi";
import * as proton from "pulumi-aws-proton";

const config = new pulumi.Config();
const prefix = config.get("prefix") ?? pulumi.getStack();
const managementAccountId = config.require("managementAccountId");
// Bucket names are global: the management account's own bucket holds its template bundles.
const bucket = config.get("templateBucket") ?? `proton-example-templates-${managementAccountId}`;
const environmentAccountId = config.require("environmentAccountId");
const management = { profile: config.get("managementProfile") ?? "management" };
const workload = { profile: config.get("environmentProfile") ?? "environment" };

const environmentName = `${prefix}-prod`;

// Management account: the template the environment is deployed from.
const envTemplate = new proton.EnvironmentTemplate("env-template", {
  name: `${prefix}-shared-vpc`,
  description: "A VPC provisioned in a workload account",
  connection: management,
});

const envTemplateV1 = new proton.EnvironmentTemplateVersion("env-template-v1", {
  templateName: envTemplate.name,
  // The bundle (../templates), uploaded to the management account's bucket.
  source: new proton.TemplateBundle("env-bundle-v1", {
    directory: "../templates/vpc-environment/v1",
    bucket,
    createBucket: true,
    connection: management,
  }).source,
  connection: management,
});

// Environment account: request the connection for the management account's environment.
const connectionRequest = new proton.EnvironmentAccountConnection("connection", {
  managementAccountId,
  environmentName,
  roleArn: `arn:aws:iam::${environmentAccountId}:role/ProtonProvisioning`,
  connection: workload,
});

// Management account: accept it (deleting the accepter rejects the connection).
const accepted = new proton.EnvironmentAccountConnectionAccepter("accept", {
  connectionId: connectionRequest.connectionId,
  connection: management,
});

// Management account: the environment, provisioned in the environment account through the connection.
const environment = new proton.Environment("prod", {
  name: environmentName,
  templateName: envTemplate.name,
  templateMajorVersion: envTemplateV1.majorVersion,
  environmentAccountConnectionId: accepted.connectionId,
  spec: "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.1.0.0/16\n",
  connection: management,
});

export const connectionId = connectionRequest.connectionId;
export const connectionStatus = accepted.status;
export const environmentArn = environment.arn;
export const environmentAccount = environment.environmentAccountId;
export const environmentDeploymentStatus = environment.deploymentStatus;
