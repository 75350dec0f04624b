/**
 * Input shapes of every Proton operation the emulator serves, transcribed from the service model
 * (AwsProton20200720): member -> shape name, required members, enums, length/range bounds, patterns.
 * validation.ts walks this table; nothing else defines input constraints.
 */

export type Shape =
  | {
      type: "string";
      min?: number;
      max?: number;
      pattern?: string;
      enum?: readonly string[];
      sensitive?: boolean;
    }
  | { type: "integer"; min?: number; max?: number }
  | { type: "boolean" }
  | { type: "list"; member: string; min?: number; max?: number }
  | { type: "structure"; members: Readonly<Record<string, string>>; required?: readonly string[] }
  /** Exactly one member must be set. */
  | { type: "union"; members: Readonly<Record<string, string>> };

/*
 * Member groups several inputs share (member -> shape name). Validation reads members by name, so
 * spreading a group into an input is the same as listing its members there.
 */
const byName = { name: "ResourceName" };
const page = { maxResults: "MaxPageResults", nextToken: "NextToken" };
/** Outputs and provisioned resources: the emulator answers in one page. */
const onePage = { nextToken: "EmptyNextToken" };
const instanceOfService = { serviceInstanceName: "ResourceName", serviceName: "ResourceName" };
const templateMajor = { majorVersion: "TemplateVersionPart", templateName: "ResourceName" };
const templateVersion = { ...templateMajor, minorVersion: "TemplateVersionPart" };
const templateVersionRequired = ["majorVersion", "minorVersion", "templateName"];
const deployedVersion = {
  templateMajorVersion: "TemplateVersionPart",
  templateMinorVersion: "TemplateVersionPart",
};
const deploymentUpdate = { ...deployedVersion, deploymentType: "DeploymentUpdateType", spec: "SpecContents" };
const templateUpdate = { ...byName, description: "Description", displayName: "DisplayName" };
const templateCreate = { ...templateUpdate, encryptionKey: "Arn", tags: "TagList" };
const templateVersionCreate = {
  clientToken: "ClientToken",
  description: "Description",
  majorVersion: "TemplateVersionPart",
  source: "TemplateVersionSourceInput",
  tags: "TagList",
  templateName: "ResourceName",
};
const connectionRoles = { codebuildRoleArn: "RoleArn", componentRoleArn: "RoleArn", roleArn: "RoleArn" };
const environmentProvisioning = {
  codebuildRoleArn: "RoleArn",
  componentRoleArn: "RoleArn",
  environmentAccountConnectionId: "EnvironmentAccountConnectionId",
  protonServiceRoleArn: "Arn",
  provisioningRepository: "RepositoryBranchInput",
};

/** Inputs naming one resource. */
const named: Shape = { type: "structure", required: ["name"], members: byName };
const connectionById: Shape = {
  type: "structure",
  required: ["id"],
  members: { id: "EnvironmentAccountConnectionId" },
};
const templateVersionById: Shape = {
  type: "structure",
  required: templateVersionRequired,
  members: templateVersion,
};
const pageOnly: Shape = { type: "structure", members: page };
const templateVersionsPage: Shape = {
  type: "structure",
  required: ["templateName"],
  members: { ...templateMajor, ...page },
};

export const shapes: Readonly<Record<string, Shape>> = {
  AcceptEnvironmentAccountConnectionInput: connectionById,
  Arn: {
    type: "string",
    min: 1,
    max: 200,
    pattern:
      "^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\\d{12}:([\\w+=,.@-]+[/:])*[\\w+=,.@-]+$",
  },
  AwsAccountId: { type: "string", pattern: "^\\d{12}$" },
  Boolean: { type: "boolean" },
  CancelEnvironmentDeploymentInput: {
    type: "structure",
    required: ["environmentName"],
    members: { environmentName: "ResourceName" },
  },
  CancelServiceInstanceDeploymentInput: {
    type: "structure",
    required: ["serviceInstanceName", "serviceName"],
    members: instanceOfService,
  },
  CancelServicePipelineDeploymentInput: {
    type: "structure",
    required: ["serviceName"],
    members: { serviceName: "ResourceName" },
  },
  ClientToken: { type: "string", min: 0, max: 64, pattern: "^[!-~]*$" },
  CompatibleEnvironmentTemplateInput: {
    type: "structure",
    required: ["majorVersion", "templateName"],
    members: templateMajor,
  },
  CompatibleEnvironmentTemplateInputList: {
    type: "list",
    min: 1,
    max: 10,
    member: "CompatibleEnvironmentTemplateInput",
  },
  CreateEnvironmentAccountConnectionInput: {
    type: "structure",
    required: ["environmentName", "managementAccountId"],
    members: {
      ...connectionRoles,
      clientToken: "ClientToken",
      environmentName: "ResourceName",
      managementAccountId: "AwsAccountId",
      tags: "TagList",
    },
  },
  CreateEnvironmentInput: {
    type: "structure",
    required: ["name", "spec", "templateMajorVersion", "templateName"],
    members: {
      ...environmentProvisioning,
      ...deployedVersion,
      description: "Description",
      name: "ResourceName",
      spec: "SpecContents",
      tags: "TagList",
      templateName: "ResourceName",
    },
  },
  CreateEnvironmentTemplateInput: {
    type: "structure",
    required: ["name"],
    members: { ...templateCreate, provisioning: "Provisioning" },
  },
  CreateEnvironmentTemplateVersionInput: {
    type: "structure",
    required: ["source", "templateName"],
    members: templateVersionCreate,
  },
  CreateServiceInput: {
    type: "structure",
    required: ["name", "spec", "templateMajorVersion", "templateName"],
    members: {
      ...deployedVersion,
      branchName: "GitBranchName",
      description: "Description",
      name: "ResourceName",
      repositoryConnectionArn: "Arn",
      repositoryId: "RepositoryId",
      spec: "SpecContents",
      tags: "TagList",
      templateName: "ResourceName",
    },
  },
  CreateServiceInstanceInput: {
    type: "structure",
    required: ["name", "serviceName", "spec"],
    members: {
      ...deployedVersion,
      clientToken: "ClientToken",
      name: "ResourceName",
      serviceName: "ResourceName",
      spec: "SpecContents",
      tags: "TagList",
    },
  },
  CreateServiceTemplateInput: {
    type: "structure",
    required: ["name"],
    members: { ...templateCreate, pipelineProvisioning: "Provisioning" },
  },
  CreateServiceTemplateVersionInput: {
    type: "structure",
    required: ["compatibleEnvironmentTemplates", "source", "templateName"],
    members: {
      ...templateVersionCreate,
      compatibleEnvironmentTemplates: "CompatibleEnvironmentTemplateInputList",
      supportedComponentSources: "ServiceTemplateSupportedComponentSourceInputList",
    },
  },
  DeleteEnvironmentAccountConnectionInput: connectionById,
  DeleteEnvironmentInput: named,
  DeleteEnvironmentTemplateInput: named,
  DeleteEnvironmentTemplateVersionInput: templateVersionById,
  DeleteServiceInput: named,
  DeleteServiceTemplateInput: named,
  DeleteServiceTemplateVersionInput: templateVersionById,
  DeploymentId: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" },
  DeploymentUpdateType: {
    type: "string",
    enum: ["NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"],
  },
  Description: { type: "string", min: 0, max: 500, sensitive: true },
  DisplayName: { type: "string", min: 1, max: 100, sensitive: true },
  EmptyNextToken: { type: "string", min: 0, max: 0 },
  EnvironmentAccountConnectionId: {
    type: "string",
    pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  },
  EnvironmentAccountConnectionRequesterAccountType: {
    type: "string",
    enum: ["MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"],
  },
  EnvironmentAccountConnectionStatus: { type: "string", enum: ["PENDING", "CONNECTED", "REJECTED"] },
  EnvironmentAccountConnectionStatusList: { type: "list", member: "EnvironmentAccountConnectionStatus" },
  EnvironmentTemplateFilter: {
    type: "structure",
    required: ["majorVersion", "templateName"],
    members: templateMajor,
  },
  EnvironmentTemplateFilterList: { type: "list", member: "EnvironmentTemplateFilter" },
  GetAccountSettingsInput: { type: "structure", members: {} },
  GetEnvironmentAccountConnectionInput: connectionById,
  GetEnvironmentInput: named,
  GetEnvironmentTemplateInput: named,
  GetEnvironmentTemplateVersionInput: templateVersionById,
  GetServiceInput: named,
  GetServiceInstanceInput: {
    type: "structure",
    required: ["name", "serviceName"],
    members: { name: "ResourceName", serviceName: "ResourceName" },
  },
  GetServiceTemplateInput: named,
  GetServiceTemplateVersionInput: templateVersionById,
  GitBranchName: { type: "string", min: 1, max: 200 },
  ListEnvironmentAccountConnectionsInput: {
    type: "structure",
    required: ["requestedBy"],
    members: {
      ...page,
      environmentName: "ResourceName",
      requestedBy: "EnvironmentAccountConnectionRequesterAccountType",
      statuses: "EnvironmentAccountConnectionStatusList",
    },
  },
  ListEnvironmentOutputsInput: {
    type: "structure",
    required: ["environmentName"],
    members: { ...onePage, deploymentId: "DeploymentId", environmentName: "ResourceName" },
  },
  ListEnvironmentProvisionedResourcesInput: {
    type: "structure",
    required: ["environmentName"],
    members: { ...onePage, environmentName: "ResourceName" },
  },
  ListEnvironmentTemplateVersionsInput: templateVersionsPage,
  ListEnvironmentTemplatesInput: pageOnly,
  ListEnvironmentsInput: {
    type: "structure",
    members: {
      ...page,
      environmentTemplates: "EnvironmentTemplateFilterList",
    },
  },
  ListServiceInstanceOutputsInput: {
    type: "structure",
    required: ["serviceInstanceName", "serviceName"],
    members: { ...onePage, ...instanceOfService, deploymentId: "DeploymentId" },
  },
  ListServiceInstanceProvisionedResourcesInput: {
    type: "structure",
    required: ["serviceInstanceName", "serviceName"],
    members: { ...onePage, ...instanceOfService },
  },
  ListServiceInstancesFilter: {
    type: "structure",
    members: { key: "ListServiceInstancesFilterBy", value: "ListServiceInstancesFilterValue" },
  },
  ListServiceInstancesFilterBy: {
    type: "string",
    enum: [
      "name",
      "deploymentStatus",
      "templateName",
      "serviceName",
      "deployedTemplateVersionStatus",
      "environmentName",
      "lastDeploymentAttemptedAtBefore",
      "lastDeploymentAttemptedAtAfter",
      "createdAtBefore",
      "createdAtAfter",
    ],
  },
  ListServiceInstancesFilterList: { type: "list", member: "ListServiceInstancesFilter" },
  ListServiceInstancesFilterValue: { type: "string" },
  ListServiceInstancesInput: {
    type: "structure",
    members: {
      ...page,
      filters: "ListServiceInstancesFilterList",
      serviceName: "ResourceName",
      sortBy: "ListServiceInstancesSortBy",
      sortOrder: "SortOrder",
    },
  },
  ListServiceInstancesSortBy: {
    type: "string",
    enum: [
      "name",
      "deploymentStatus",
      "templateName",
      "serviceName",
      "environmentName",
      "lastDeploymentAttemptedAt",
      "createdAt",
    ],
  },
  ListServicePipelineOutputsInput: {
    type: "structure",
    required: ["serviceName"],
    members: { ...onePage, deploymentId: "DeploymentId", serviceName: "ResourceName" },
  },
  ListServicePipelineProvisionedResourcesInput: {
    type: "structure",
    required: ["serviceName"],
    members: { ...onePage, serviceName: "ResourceName" },
  },
  ListServiceTemplateVersionsInput: templateVersionsPage,
  ListServiceTemplatesInput: pageOnly,
  ListServicesInput: pageOnly,
  ListTagsForResourceInput: {
    type: "structure",
    required: ["resourceArn"],
    members: { maxResults: "MaxPageResults", nextToken: "String", resourceArn: "Arn" },
  },
  MaxPageResults: { type: "integer", min: 1, max: 100 },
  NextToken: { type: "string", pattern: "^[A-Za-z0-9+=/]+$" },
  Provisioning: { type: "string", enum: ["CUSTOMER_MANAGED"] },
  RejectEnvironmentAccountConnectionInput: connectionById,
  RepositoryBranchInput: {
    type: "structure",
    required: ["branch", "name", "provider"],
    members: { branch: "GitBranchName", name: "RepositoryName", provider: "RepositoryProvider" },
  },
  RepositoryId: { type: "string", min: 1, max: 200 },
  RepositoryName: { type: "string", min: 1, max: 100, pattern: "[A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*" },
  RepositoryProvider: { type: "string", enum: ["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"] },
  ResourceName: { type: "string", min: 1, max: 100, pattern: "^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$" },
  RoleArn: {
    type: "string",
    min: 1,
    max: 2048,
    pattern: "^arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role/([\\w+=,.@-]{1,512}[/:])*([\\w+=,.@-]{1,64})$",
  },
  RoleArnOrEmptyString: {
    type: "string",
    min: 0,
    max: 2048,
    pattern:
      "(^$)|(^arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role/([\\w+=,.@-]{1,512}[/:])*([\\w+=,.@-]{1,64})$)",
  },
  S3Bucket: { type: "string", min: 3, max: 63, pattern: "^[a-z0-9]+[a-z0-9-\\.]+[a-z0-9]+$" },
  S3Key: { type: "string", min: 1, max: 1024 },
  S3ObjectSource: {
    type: "structure",
    required: ["bucket", "key"],
    members: { bucket: "S3Bucket", key: "S3Key" },
  },
  ServiceTemplateSupportedComponentSourceInputList: {
    type: "list",
    member: "ServiceTemplateSupportedComponentSourceType",
  },
  ServiceTemplateSupportedComponentSourceType: { type: "string", enum: ["DIRECTLY_DEFINED"] },
  SortOrder: { type: "string", enum: ["ASCENDING", "DESCENDING"] },
  SpecContents: { type: "string", min: 1, max: 51200, sensitive: true },
  String: { type: "string" },
  Tag: { type: "structure", required: ["key", "value"], members: { key: "TagKey", value: "TagValue" } },
  TagKey: { type: "string", min: 1, max: 128 },
  TagKeyList: { type: "list", min: 0, max: 50, member: "TagKey" },
  TagList: { type: "list", min: 0, max: 50, member: "Tag" },
  TagResourceInput: {
    type: "structure",
    required: ["resourceArn", "tags"],
    members: { resourceArn: "Arn", tags: "TagList" },
  },
  TagValue: { type: "string", min: 0, max: 256 },
  TemplateVersionPart: { type: "string", min: 1, max: 20, pattern: "^(0|([1-9]{1}\\d*))$" },
  TemplateVersionSourceInput: { type: "union", members: { s3: "S3ObjectSource" } },
  TemplateVersionStatus: {
    type: "string",
    enum: ["REGISTRATION_IN_PROGRESS", "REGISTRATION_FAILED", "DRAFT", "PUBLISHED"],
  },
  UntagResourceInput: {
    type: "structure",
    required: ["resourceArn", "tagKeys"],
    members: { resourceArn: "Arn", tagKeys: "TagKeyList" },
  },
  UpdateAccountSettingsInput: {
    type: "structure",
    members: {
      deletePipelineProvisioningRepository: "Boolean",
      pipelineCodebuildRoleArn: "RoleArnOrEmptyString",
      pipelineProvisioningRepository: "RepositoryBranchInput",
      pipelineServiceRoleArn: "RoleArnOrEmptyString",
    },
  },
  UpdateEnvironmentAccountConnectionInput: {
    type: "structure",
    required: ["id"],
    members: { ...connectionRoles, id: "EnvironmentAccountConnectionId" },
  },
  UpdateEnvironmentInput: {
    type: "structure",
    required: ["deploymentType", "name"],
    members: {
      ...environmentProvisioning,
      ...deploymentUpdate,
      description: "Description",
      name: "ResourceName",
    },
  },
  UpdateEnvironmentTemplateInput: { type: "structure", required: ["name"], members: templateUpdate },
  UpdateEnvironmentTemplateVersionInput: {
    type: "structure",
    required: templateVersionRequired,
    members: { ...templateVersion, description: "Description", status: "TemplateVersionStatus" },
  },
  UpdateServiceInput: {
    type: "structure",
    required: ["name"],
    members: { description: "Description", name: "ResourceName", spec: "SpecContents" },
  },
  UpdateServiceInstanceInput: {
    type: "structure",
    required: ["deploymentType", "name", "serviceName"],
    members: {
      ...deploymentUpdate,
      clientToken: "ClientToken",
      name: "ResourceName",
      serviceName: "ResourceName",
    },
  },
  UpdateServicePipelineInput: {
    type: "structure",
    required: ["deploymentType", "serviceName", "spec"],
    members: { ...deploymentUpdate, serviceName: "ResourceName" },
  },
  UpdateServiceTemplateInput: { type: "structure", required: ["name"], members: templateUpdate },
  UpdateServiceTemplateVersionInput: {
    type: "structure",
    required: templateVersionRequired,
    members: {
      ...templateVersion,
      compatibleEnvironmentTemplates: "CompatibleEnvironmentTemplateInputList",
      description: "Description",
      status: "TemplateVersionStatus",
      supportedComponentSources: "ServiceTemplateSupportedComponentSourceInputList",
    },
  },
};

/** Operation name -> input shape name. */
export const operationInputs = {
  AcceptEnvironmentAccountConnection: "AcceptEnvironmentAccountConnectionInput",
  CancelEnvironmentDeployment: "CancelEnvironmentDeploymentInput",
  CancelServiceInstanceDeployment: "CancelServiceInstanceDeploymentInput",
  CancelServicePipelineDeployment: "CancelServicePipelineDeploymentInput",
  CreateEnvironment: "CreateEnvironmentInput",
  CreateEnvironmentAccountConnection: "CreateEnvironmentAccountConnectionInput",
  CreateEnvironmentTemplate: "CreateEnvironmentTemplateInput",
  CreateEnvironmentTemplateVersion: "CreateEnvironmentTemplateVersionInput",
  CreateService: "CreateServiceInput",
  CreateServiceInstance: "CreateServiceInstanceInput",
  CreateServiceTemplate: "CreateServiceTemplateInput",
  CreateServiceTemplateVersion: "CreateServiceTemplateVersionInput",
  DeleteEnvironment: "DeleteEnvironmentInput",
  DeleteEnvironmentAccountConnection: "DeleteEnvironmentAccountConnectionInput",
  DeleteEnvironmentTemplate: "DeleteEnvironmentTemplateInput",
  DeleteEnvironmentTemplateVersion: "DeleteEnvironmentTemplateVersionInput",
  DeleteService: "DeleteServiceInput",
  DeleteServiceTemplate: "DeleteServiceTemplateInput",
  DeleteServiceTemplateVersion: "DeleteServiceTemplateVersionInput",
  GetAccountSettings: "GetAccountSettingsInput",
  GetEnvironment: "GetEnvironmentInput",
  GetEnvironmentAccountConnection: "GetEnvironmentAccountConnectionInput",
  GetEnvironmentTemplate: "GetEnvironmentTemplateInput",
  GetEnvironmentTemplateVersion: "GetEnvironmentTemplateVersionInput",
  GetService: "GetServiceInput",
  GetServiceInstance: "GetServiceInstanceInput",
  GetServiceTemplate: "GetServiceTemplateInput",
  GetServiceTemplateVersion: "GetServiceTemplateVersionInput",
  ListEnvironmentAccountConnections: "ListEnvironmentAccountConnectionsInput",
  ListEnvironmentOutputs: "ListEnvironmentOutputsInput",
  ListEnvironmentProvisionedResources: "ListEnvironmentProvisionedResourcesInput",
  ListEnvironmentTemplateVersions: "ListEnvironmentTemplateVersionsInput",
  ListEnvironmentTemplates: "ListEnvironmentTemplatesInput",
  ListEnvironments: "ListEnvironmentsInput",
  ListServiceInstanceOutputs: "ListServiceInstanceOutputsInput",
  ListServiceInstanceProvisionedResources: "ListServiceInstanceProvisionedResourcesInput",
  ListServiceInstances: "ListServiceInstancesInput",
  ListServicePipelineOutputs: "ListServicePipelineOutputsInput",
  ListServicePipelineProvisionedResources: "ListServicePipelineProvisionedResourcesInput",
  ListServiceTemplateVersions: "ListServiceTemplateVersionsInput",
  ListServiceTemplates: "ListServiceTemplatesInput",
  ListServices: "ListServicesInput",
  ListTagsForResource: "ListTagsForResourceInput",
  RejectEnvironmentAccountConnection: "RejectEnvironmentAccountConnectionInput",
  TagResource: "TagResourceInput",
  UntagResource: "UntagResourceInput",
  UpdateAccountSettings: "UpdateAccountSettingsInput",
  UpdateEnvironment: "UpdateEnvironmentInput",
  UpdateEnvironmentAccountConnection: "UpdateEnvironmentAccountConnectionInput",
  UpdateEnvironmentTemplate: "UpdateEnvironmentTemplateInput",
  UpdateEnvironmentTemplateVersion: "UpdateEnvironmentTemplateVersionInput",
  UpdateService: "UpdateServiceInput",
  UpdateServiceInstance: "UpdateServiceInstanceInput",
  UpdateServicePipeline: "UpdateServicePipelineInput",
  UpdateServiceTemplate: "UpdateServiceTemplateInput",
  UpdateServiceTemplateVersion: "UpdateServiceTemplateVersionInput",
} as const satisfies Readonly<Record<string, string>>;

export type OperationName = keyof typeof operationInputs;

export const isOperationName = (name: string): name is OperationName => Object.hasOwn(operationInputs, name);
