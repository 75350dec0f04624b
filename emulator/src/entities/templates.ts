/** Environment and service templates and their versions (one module, parameterized by kind). */
import type { EntityModule } from "../operations";

export const templates: EntityModule = { operations: {} };
