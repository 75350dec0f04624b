/**
 * Proton template bundles, shared by the emulator (registration, spec refusals) and the provider
 * (TemplateBundle, preview-time spec checks): one implementation of every rule.
 */
export {
  ARCHIVE,
  assertBundle,
  checkBundle,
  checkBundleFiles,
  type BundleCheckOptions,
  type CheckedBundle,
} from "./bundle";
export { compatibilityProblems, type CompatibilityProblem } from "./compat";
export { checkInputs, closest, toJsonSchema, type InputProblem } from "./inputs";
export { BundleError, describeProblem, describeProblems, type BundleProblem } from "./problems";
export {
  parseTemplateSchema,
  SCHEMA_FILE,
  schemaKind,
  SECTION_KEYS,
  type InputProperty,
  type InputSection,
  type InputType,
  type TemplateKind,
  type TemplateSchema,
} from "./schema";
export { checkSection, describeInputProblem, versionSchema } from "./spec";
export {
  directoryEntries,
  packDirectory,
  packEntries,
  readTarball,
  sha256,
  TarballError,
  type BundleFiles,
  type PackEntry,
} from "./tarball";
