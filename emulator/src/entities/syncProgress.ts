/** Brings every sync attempt of the caller's partition up to date (Get*SyncStatus and pushes call it). */
import type { OperationContext } from "../operations";
import { refreshServiceSyncs } from "./serviceSync";
import { refreshTemplateSyncs } from "./templateSync";

export function refreshSyncs(ctx: OperationContext): void {
  refreshTemplateSyncs(ctx);
  refreshServiceSyncs(ctx);
}
