/** Git sync, one entity module: linked repositories, template sync and service sync (see FIDELITY.md). */
import type { EntityModule } from "../operations";
import { repositoryOperations } from "./repositories";
import { serviceSyncOperations, serviceSyncSettlers } from "./serviceSync";
import { templateSyncOperations } from "./templateSync";

export const gitSync: EntityModule = {
  operations: { ...repositoryOperations, ...templateSyncOperations, ...serviceSyncOperations },
  settlers: serviceSyncSettlers,
};
