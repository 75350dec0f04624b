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

export const providers: Readonly<Record<string, pulumi.dynamic.ResourceProvider>> = {
  AccountSettings: accountSettingsProvider,
  EnvironmentTemplate: environmentTemplateProvider,
  EnvironmentTemplateVersion: environmentTemplateVersionProvider,
  ServiceTemplate: serviceTemplateProvider,
  ServiceTemplateVersion: serviceTemplateVersionProvider,
};

export { setProgressLogger } from "./core/context";
