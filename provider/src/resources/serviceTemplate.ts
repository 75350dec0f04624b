/** ServiceTemplate: shared template logic bound to the service kind (adds pipelineProvisioning). */
import { serviceTemplateApi, templateProvider } from "./template";

export const serviceTemplateProvider = templateProvider(serviceTemplateApi);
