/** EnvironmentTemplateVersion: shared version logic bound to the environment kind. */
import { environmentTemplateVersionApi, templateVersionProvider } from "./templateVersion";

export const environmentTemplateVersionProvider = templateVersionProvider(environmentTemplateVersionApi);
