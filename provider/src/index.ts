/**
 * The provider implementation bundled into `pulumi-aws-proton/dist/provider.js`: a map from resource
 * kind to its `pulumi.dynamic.ResourceProvider`. The SDK's serialized shim requires this module at
 * run time and dispatches by kind. One line per resource module.
 */
import type * as pulumi from "@pulumi/pulumi";
import { accountSettingsProvider } from "./resources/accountSettings";
import { environmentTemplateProvider } from "./resources/environmentTemplate";
import { environmentTemplateVersionProvider } from "./resources/environmentTemplateVersion";
import { serviceTemplateProvider } from "./resources/serviceTemplate";
import { serviceTemplateVersionProvider } from "./resources/serviceTemplateVersion";
import { environmentProvider } from "./resources/environment";
import { environmentAccountConnectionProvider } from "./resources/environmentAccountConnection";
import { environmentAccountConnectionAccepterProvider } from "./resources/environmentAccountConnectionAccepter";
import { serviceProvider } from "./resources/service/service";
import { serviceInstanceProvider } from "./resources/service/serviceInstance";
import { servicePipelineProvider } from "./resources/service/servicePipeline";
import { templateBundleProvider } from "./resources/templateBundle";
import { repositoryProvider } from "./resources/repository";
import { templateSyncConfigProvider } from "./resources/templateSyncConfig";
import { serviceSyncConfigProvider } from "./resources/serviceSyncConfig";
import { componentProvider } from "./resources/component";

export const providers: Readonly<Record<string, pulumi.dynamic.ResourceProvider>> = {
  AccountSettings: accountSettingsProvider,
  EnvironmentTemplate: environmentTemplateProvider,
  EnvironmentTemplateVersion: environmentTemplateVersionProvider,
  ServiceTemplate: serviceTemplateProvider,
  ServiceTemplateVersion: serviceTemplateVersionProvider,
  Environment: environmentProvider,
  EnvironmentAccountConnection: environmentAccountConnectionProvider,
  EnvironmentAccountConnectionAccepter: environmentAccountConnectionAccepterProvider,
  Service: serviceProvider,
  ServiceInstance: serviceInstanceProvider,
  ServicePipeline: servicePipelineProvider,
  TemplateBundle: templateBundleProvider,
  Repository: repositoryProvider,
  TemplateSyncConfig: templateSyncConfigProvider,
  ServiceSyncConfig: serviceSyncConfigProvider,
  Component: componentProvider,
};

export { functions } from "./functions";
export { setProgressLogger } from "./core/context";
