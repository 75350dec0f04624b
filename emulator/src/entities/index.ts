/**
 * Every entity module the emulator serves. Adding an entity = one import + one entry here
 * (see emulator/README.md, "How to add an entity").
 */
import type { EntityModule } from "../operations";
import { accountSettings } from "./accountSettings";
import { component } from "./component";
import { environment } from "./environment";
import { deployments } from "./deployments";
import { environmentAccountConnection } from "./environmentAccountConnection";
import { gitSync } from "./gitSync";
import { resourcesSummary } from "./resourcesSummary";
import { service } from "./service";
import { serviceInstance } from "./serviceInstance";
import { servicePipeline } from "./servicePipeline";
import { tags } from "./tags";
import { templates } from "./templates";

export const entityModules: readonly EntityModule[] = [
  templates,
  accountSettings,
  tags,
  environment,
  environmentAccountConnection,
  service,
  serviceInstance,
  servicePipeline,
  component,
  deployments,
  resourcesSummary,
  gitSync,
];
