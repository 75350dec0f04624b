/** EnvironmentTemplate: shared template logic bound to the environment kind. */
import { environmentTemplateApi, templateProvider } from "./template";

export const environmentTemplateProvider = templateProvider(environmentTemplateApi);
