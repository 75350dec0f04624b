/**
 * The shape of proton.generated.json: AWS's Proton model reduced to names, types and constraints
 * (scripts/model/derive.ts writes it; nothing here is hand-maintained data).
 */

export interface ModelMember {
  shape: string;
  /** The SDK fills the member with a fresh token when the caller omits it (clientToken). */
  idempotencyToken?: true;
}

interface Sized {
  min?: number;
  max?: number;
}

export type ModelShape =
  | ({
      type: "string";
      /** ECMA 262 as the model writes it (see pattern.ts for how the emulator evaluates it). */
      pattern?: string;
      enum?: string[];
      sensitive?: true;
    } & Sized)
  | ({ type: "integer" | "long" | "float" | "double" } & Sized)
  | { type: "boolean" }
  | { type: "timestamp" }
  | ({ type: "list"; member: string; sensitive?: true } & Sized)
  | ({ type: "map"; key: string; value: string; sensitive?: true } & Sized)
  | {
      type: "structure";
      members: Record<string, ModelMember>;
      required?: string[];
      /** Exactly one member is set. */
      union?: true;
      sensitive?: true;
      /** An error shape (its status and class are in ModelTable.errors). */
      exception?: true;
    };

export interface ModelOperation {
  input: string;
  output: string;
  /** Error shapes the operation may answer, as the model lists them. */
  errors: string[];
  idempotent?: true;
}

export interface ModelError {
  /** HTTP status, from the Smithy httpError trait the pinned SDK carries (botocore's JSON has none). */
  status: number;
  fault: "client" | "server";
  /** Present when the model marks the error retryable. */
  retryable?: { throttling: boolean };
}

export interface ModelTable {
  "//": string;
  source: { botocore: string; sdk: string };
  metadata: { apiVersion: string; protocol: string; jsonVersion: string; targetPrefix: string };
  operations: Record<string, ModelOperation>;
  errors: Record<string, ModelError>;
  shapes: Record<string, ModelShape>;
}
