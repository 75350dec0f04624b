/**
 * The subset of the Pulumi package schema (pkg/codegen/schema/pulumi.json) that schema.json uses, plus
 * loading and small helpers shared by the README generator and the SDK agreement test.
 */
import { readFileSync } from "fs";
import { join } from "path";

export interface TypeRef {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: TypeRef;
  additionalProperties?: TypeRef;
}

export interface PropertySpec extends TypeRef {
  description?: string;
  secret?: boolean;
  default?: string | number | boolean;
  replaceOnChanges?: boolean;
  willReplaceOnChanges?: boolean;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumTypeSpec {
  type: "string" | "integer" | "number" | "boolean";
  description?: string;
  enum: { value: string | number | boolean; name?: string; description?: string }[];
}

export type ComplexTypeSpec = ObjectTypeSpec | EnumTypeSpec;

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A function's inputs or outputs: an object type without a token of its own. */
export interface ObjectShape {
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface FunctionSpec {
  description?: string;
  inputs?: ObjectShape;
  outputs?: ObjectShape;
}

export interface PackageSchema {
  name: string;
  displayName?: string;
  version?: string;
  description?: string;
  language?: Record<string, unknown>;
  /** The provider's configuration (`proton:<name>` stack config, the plugin's provider arguments). */
  config?: { variables?: Record<string, PropertySpec> };
  types: Record<string, ComplexTypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions?: Record<string, FunctionSpec>;
}

export const repoRoot = join(__dirname, "..", "..");
export const schemaPath = join(repoRoot, "schema.json");

export function loadSchema(path: string = schemaPath): PackageSchema {
  return JSON.parse(readFileSync(path, "utf8")) as PackageSchema;
}

export const tokenPrefix = "proton:index:";

/** `proton:index:Environment` -> `Environment`. */
export function kindOf(token: string): string {
  if (!token.startsWith(tokenPrefix)) throw new Error(`unexpected token ${token}`);
  return token.slice(tokenPrefix.length);
}

/** `Environment` -> `environment`, `EnvironmentAccountConnection` -> `environmentAccountConnection`. */
export function camelCase(kind: string): string {
  return kind.charAt(0).toLowerCase() + kind.slice(1);
}

/** `proton:index:getEnvironment` -> `getEnvironment`. */
export const functionName = kindOf;

/** Pulumi's built-in "any value" type. */
export const ANY_REF = "pulumi.json#/Any";

/** `#/types/proton:index:S3ObjectSource` -> `S3ObjectSource`. */
export function refName(ref: string): string {
  const prefix = `#/types/${tokenPrefix}`;
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(prefix.length);
}

export function isEnum(t: ComplexTypeSpec): t is EnumTypeSpec {
  return "enum" in t;
}

/** True when a change to the property replaces the resource (either schema flag). */
export function replaces(p: PropertySpec): boolean {
  return p.replaceOnChanges === true || p.willReplaceOnChanges === true;
}
