/**
 * The read functions of the package by name (schema.json `functions`): each is one Proton Get, or every
 * page of one List, shaped by the core (provider/src/core/function.ts).
 */
import {
  GetAccountSettingsCommand,
  GetComponentCommand,
  GetDeploymentCommand,
  GetEnvironmentAccountConnectionCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetRepositoryCommand,
  GetRepositorySyncStatusCommand,
  GetResourcesSummaryCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  GetServiceInstanceSyncStatusCommand,
  GetServiceSyncBlockerSummaryCommand,
  GetServiceSyncConfigCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
  GetTemplateSyncConfigCommand,
  GetTemplateSyncStatusCommand,
  ListComponentOutputsCommand,
  ListComponentProvisionedResourcesCommand,
  ListComponentsCommand,
  ListDeploymentsCommand,
  ListEnvironmentOutputsCommand,
  ListEnvironmentProvisionedResourcesCommand,
  ListEnvironmentsCommand,
  ListRepositorySyncDefinitionsCommand,
  ListServiceInstanceOutputsCommand,
  ListServiceInstanceProvisionedResourcesCommand,
  ListServiceInstancesCommand,
  ListServicePipelineOutputsCommand,
  ListServicesCommand,
} from "@aws-sdk/client-proton";
import {
  defineFunction,
  readAll,
  readAnswer,
  readOne,
  type FunctionCall,
  type ProviderFunction,
} from "./core/function";
import { functionSchemas } from "./generated/schema";

const calls: Readonly<Record<string, FunctionCall>> = {
  getAccountSettings: readOne(GetAccountSettingsCommand, "accountSettings"),
  getComponent: readOne(GetComponentCommand, "component"),
  getDeployment: readOne(GetDeploymentCommand, "deployment"),
  getEnvironment: readOne(GetEnvironmentCommand, "environment"),
  getEnvironmentAccountConnection: readOne(
    GetEnvironmentAccountConnectionCommand,
    "environmentAccountConnection",
  ),
  getEnvironmentTemplate: readOne(GetEnvironmentTemplateCommand, "environmentTemplate"),
  getEnvironmentTemplateVersion: readOne(GetEnvironmentTemplateVersionCommand, "environmentTemplateVersion"),
  getRepository: readOne(GetRepositoryCommand, "repository"),
  getRepositorySyncStatus: readAnswer(GetRepositorySyncStatusCommand),
  getResourcesSummary: readAnswer(GetResourcesSummaryCommand),
  getService: readOne(GetServiceCommand, "service"),
  getServiceInstance: readOne(GetServiceInstanceCommand, "serviceInstance"),
  getServiceInstanceSyncStatus: readAnswer(GetServiceInstanceSyncStatusCommand),
  getServiceSyncBlockerSummary: readOne(GetServiceSyncBlockerSummaryCommand, "serviceSyncBlockerSummary"),
  getServiceSyncConfig: readOne(GetServiceSyncConfigCommand, "serviceSyncConfig"),
  getServiceTemplate: readOne(GetServiceTemplateCommand, "serviceTemplate"),
  getServiceTemplateVersion: readOne(GetServiceTemplateVersionCommand, "serviceTemplateVersion"),
  getTemplateSyncConfig: readOne(GetTemplateSyncConfigCommand, "templateSyncConfig"),
  getTemplateSyncStatus: readAnswer(GetTemplateSyncStatusCommand),
  listComponentOutputs: readAll(ListComponentOutputsCommand, "outputs"),
  listComponentProvisionedResources: readAll(
    ListComponentProvisionedResourcesCommand,
    "provisionedResources",
  ),
  listComponents: readAll(ListComponentsCommand, "components"),
  listDeployments: readAll(ListDeploymentsCommand, "deployments"),
  listEnvironmentOutputs: readAll(ListEnvironmentOutputsCommand, "outputs"),
  listEnvironmentProvisionedResources: readAll(
    ListEnvironmentProvisionedResourcesCommand,
    "provisionedResources",
  ),
  listEnvironments: readAll(ListEnvironmentsCommand, "environments"),
  listRepositorySyncDefinitions: readAll(ListRepositorySyncDefinitionsCommand, "syncDefinitions"),
  listServiceInstanceOutputs: readAll(ListServiceInstanceOutputsCommand, "outputs"),
  listServiceInstanceProvisionedResources: readAll(
    ListServiceInstanceProvisionedResourcesCommand,
    "provisionedResources",
  ),
  listServiceInstances: readAll(ListServiceInstancesCommand, "serviceInstances"),
  listServicePipelineOutputs: readAll(ListServicePipelineOutputsCommand, "outputs"),
  listServices: readAll(ListServicesCommand, "services"),
};

/** Every function of the schema, by name; a schema function without an implementation fails loudly. */
export const functions: Readonly<Record<string, ProviderFunction>> = Object.fromEntries(
  Object.entries(functionSchemas).map(([name, schema]) => {
    const call = calls[name];
    if (!call)
      throw new Error(`schema.json declares function ${name}, provider/src/functions.ts has no call for it`);
    return [name, defineFunction(schema, call)];
  }),
);
