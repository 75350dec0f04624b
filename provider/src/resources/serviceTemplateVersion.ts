/** ServiceTemplateVersion: shared version logic bound to the service kind (compatibility, component sources). */
import { serviceTemplateVersionApi, templateVersionProvider } from "./templateVersion";

export const serviceTemplateVersionProvider = templateVersionProvider(serviceTemplateVersionApi);
