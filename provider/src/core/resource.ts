/**
 * Builds a `pulumi.dynamic.ResourceProvider` from a declarative per-entity spec: the spec supplies
 * rules, the property table and four Proton-facing operations; this module supplies auto-naming,
 * defaults, validation, diffing, state shaping, idempotent delete and error reporting.
 */
import type * as pulumi from "@pulumi/pulumi";
import { checkRules, refineRules, type Rule } from "./check";
import { createContext, type CommonInputs, type OperationContext } from "./context";
import { diffInputs, type DiffSpec, type PropertyTable } from "./diff";
import { isNotFound, operationError, PartialFailure, ProtonOperationError } from "./errors";
import { chooseName, type AutoNameRule } from "./naming";
import type { PropertyBag } from "./values";

/** What a check wrapper sees: the olds, the program's inputs and the wrapped provider's check result. */
export type ExtraCheck<I> = (
  olds: I,
  news: I,
  checked: pulumi.dynamic.CheckResult<I>,
) => pulumi.dynamic.CheckFailure[] | Promise<pulumi.dynamic.CheckFailure[]>;

/**
 * A provider whose check runs the wrapped provider's own check, then `extra`, whose failures are added
 * (the rules a module adds on top of the core: placement, deployment, spec checks).
 */
export function withExtraCheck<I extends PropertyBag, O extends PropertyBag>(
  provider: pulumi.dynamic.ResourceProvider<I, O>,
  extra: ExtraCheck<I>,
): pulumi.dynamic.ResourceProvider<I, O> {
  const { check } = provider;
  return {
    ...provider,
    async check(olds: I, news: I) {
      const result = check ? await check(olds, news) : { inputs: news };
      const failures = await extra(olds, news, result);
      return failures.length > 0
        ? { ...result, failures: [...(result.failures ?? []), ...failures] }
        : result;
    },
  };
}

/** The reserved property where Pulumi keeps the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** Inputs every resource sees: its own members plus connection/operation settings. */
export type ResourceInputs = CommonInputs & PropertyBag;

/**
 * What schema.json says about a resource, generated into `provider/src/generated/schema.ts` by
 * `make codegen`: never typed by hand.
 */
export interface ResourceSchema {
  kind: string;
  /**
   * Input members a read can recover from live state, so refresh/import rebuild inputs from what
   * exists. Members Proton never returns (e.g. a version's `source`) are kept from the old state.
   */
  inputMembers: readonly string[];
  outputs: readonly string[];
  /** Replace-on-change inputs replace, the others update in place. */
  properties: PropertyTable;
  /** The checks the schema implies: types, required inputs, enums, tags. */
  rules: readonly Rule[];
  /** Values check fills in when an input is absent. */
  defaults?: PropertyBag;
}

/** A create may find that the resource already exists and is this resource's own: the core adopts it. */
export interface Existing {
  existing: string;
}

export type CreateOutcome<O> = { id: string; outs: O } | Existing;

export interface ResourceSpec<I extends ResourceInputs, O extends PropertyBag> {
  schema: ResourceSchema;
  /** Checks the schema cannot say (lengths, patterns), merged over the schema's rules per property. */
  rules?: readonly Rule[];
  /** Inputs that only seed the creation: later edits are no change (not diffed, never replaced). */
  creationOnly?: readonly string[];
  /**
   * Inputs a create needs but Proton never returns (a version's `source`): optional in the schema so
   * an imported or adopted resource can leave them out, and required here when check sees a creation.
   */
  requiredToCreate?: readonly string[];
  /**
   * Adopting (an `importId`, or a create that found its own resource) always runs `update`, even when
   * no input differs: deployables must wait for work in flight and redeploy a failed deployment.
   */
  convergeOnAdopt?: boolean;
  /**
   * Properties whose values must be unique in Proton (a name): a replacement that keeps them must
   * delete first.
   */
  uniqueBy?: readonly string[];
  autoName?: AutoNameRule;
  /** How messages name the resource. */
  describe(bag: PropertyBag, id?: string): string;
  /**
   * Creates the resource, or answers `{ existing: id }` when a same-named resource turns out to be
   * this resource's own (an interrupted or retried run): the core then adopts it as for `importId`.
   */
  create(ctx: OperationContext, inputs: I): Promise<CreateOutcome<O>>;
  /** Live state (input members included), or undefined when the resource no longer exists. */
  read(ctx: OperationContext, id: string, props: O): Promise<O | undefined>;
  /** `changed` lists the in-place-updatable properties that differ. */
  update(ctx: OperationContext, id: string, olds: O, news: I, changed: readonly string[]): Promise<O>;
  /** Deletes and waits until gone; ResourceNotFoundException is treated as success by the core. */
  delete(ctx: OperationContext, id: string, props: O): Promise<void>;
}

/** State must be plain JSON: Dates become ISO strings, undefined members disappear. */
export function toState<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The diff table of a resource: the schema's rows without its creation-only inputs. */
export function diffSpecOf(
  spec: Pick<ResourceSpec<never, never>, "schema" | "creationOnly" | "uniqueBy">,
): DiffSpec {
  const ignored = new Set(spec.creationOnly ?? []);
  const properties = Object.fromEntries(
    Object.entries(spec.schema.properties).filter(([path]) => !ignored.has(path)),
  );
  return { properties, ...(spec.uniqueBy ? { uniqueBy: spec.uniqueBy } : {}) };
}

function withoutProvider(bag: PropertyBag): PropertyBag {
  const { [PROVIDER_KEY]: _provider, ...rest } = bag;
  return rest;
}

/** Carries the serialized provider into a partial failure, or the engine could not act on the resource later. */
function rethrow(error: unknown, bag: PropertyBag, ctx: OperationContext, operation: string): never {
  if (error instanceof PartialFailure) {
    throw new PartialFailure(
      error.id,
      { ...toState(error.properties), [PROVIDER_KEY]: bag[PROVIDER_KEY] },
      error.reasons,
    );
  }
  if (error instanceof ProtonOperationError) throw error;
  if (error instanceof Error && error.name === "ProtonStateError") throw error;
  throw operationError(ctx.kind, ctx.name, operation, error);
}

/**
 * Takes over an existing resource instead of creating one (the `importId` input). Pulumi's own
 * `import` option and `pulumi import` cannot work for dynamic resources (the engine's import Read
 * carries no `__provider`; pulumi/pulumi#3550, #7534, #16175), so adoption happens in create:
 * read the live resource, refuse if a replace-only property differs, update what may differ.
 */
async function adopt<I extends ResourceInputs, O extends PropertyBag>(
  spec: ResourceSpec<I, O>,
  ctx: OperationContext,
  id: string,
  inputs: I,
): Promise<{ id: string; outs: O }> {
  const kind = spec.schema.kind;
  const live = await spec.read(ctx, id, inputs as unknown as O);
  if (!live) throw new Error(`${kind} "${id}" cannot be adopted: it does not exist`);
  // Members Proton never returns (a version's source) are taken as declared.
  const current = { ...inputs, ...live } as O;
  const { replaces, updates } = diffInputs(diffSpecOf(spec), current, inputs);
  if (replaces.length > 0) {
    throw new Error(
      `${kind} "${id}" cannot be adopted: ${replaces.join(", ")} differ(s) from the existing resource and cannot change in place`,
    );
  }
  const converge = updates.length > 0 || spec.convergeOnAdopt === true;
  const outs = converge ? await spec.update(ctx, id, current, inputs, updates) : live;
  return { id, outs };
}

export function defineResource<I extends ResourceInputs, O extends PropertyBag>(
  spec: ResourceSpec<I, O>,
): pulumi.dynamic.ResourceProvider<I, O> {
  const { kind } = spec.schema;
  const contextFor = (bag: PropertyBag, id?: string) =>
    createContext(kind, spec.describe(bag, id), bag as CommonInputs);
  const rules = refineRules(spec.schema.rules, spec.rules);
  const diffSpec = diffSpecOf(spec);

  return {
    async check(olds: I, news: I) {
      const inputs: PropertyBag = withoutProvider(news);
      // Defaults fill members that are absent or explicitly undefined.
      for (const [key, value] of Object.entries(spec.schema.defaults ?? {})) {
        if (news[key] === undefined) inputs[key] = value;
      }
      if (spec.autoName) {
        // An adopted resource whose id is its name needs no name of its own.
        const name = chooseName(
          spec.autoName,
          olds ?? {},
          news,
          news.autoNamePrefix,
          news.importId,
          news.owner,
        );
        if (name !== undefined) inputs[spec.autoName.property] = name;
      }
      const failures = checkRules(rules, inputs);
      const creating = Object.keys(olds ?? {}).length === 0 && news.importId === undefined;
      for (const property of creating ? (spec.requiredToCreate ?? []) : []) {
        if (inputs[property] === undefined)
          failures.push({
            property,
            reason: `is required to create a new ${kind} (Proton never returns it: only an imported or adopted one may leave it out)`,
          });
      }
      return { inputs: { ...inputs, [PROVIDER_KEY]: news[PROVIDER_KEY] } as unknown as I, failures };
    },

    async diff(_id: string, olds: O, news: I) {
      const { changes, replaces, deleteBeforeReplace } = diffInputs(diffSpec, olds, news);
      return { changes, replaces, deleteBeforeReplace };
    },

    async create(inputs: I) {
      const ctx = contextFor(inputs);
      const own = withoutProvider(inputs) as I;
      try {
        const created =
          typeof inputs.importId === "string"
            ? ({ existing: inputs.importId } as Existing)
            : await spec.create(ctx, own);
        const { id, outs } = "existing" in created ? await adopt(spec, ctx, created.existing, own) : created;
        return { id, outs: toState({ ...own, ...outs }) as O };
      } catch (error) {
        rethrow(error, inputs, ctx, "create");
      }
    },

    async read(id: string, props?: O) {
      const old = props ?? ({} as O);
      const ctx = contextFor(old, id);
      const live = await spec.read(ctx, id, old);
      // An empty id tells the engine the resource is gone.
      if (live === undefined) return { id: "", props: {} as O };
      const state = toState({ ...withoutProvider(old), ...live }) as O;
      const inputs: PropertyBag = {};
      for (const key of [...spec.schema.inputMembers, "connection", "operation", "autoNamePrefix", "owner"]) {
        if (state[key] !== undefined) inputs[key] = state[key];
      }
      return { id, props: state, inputs: inputs as O };
    },

    async update(id: string, olds: O, news: I) {
      const ctx = contextFor(news, id);
      const { updates } = diffInputs(diffSpec, olds, news);
      try {
        const outs = await spec.update(ctx, id, olds, withoutProvider(news) as I, updates);
        return { outs: toState({ ...withoutProvider(news), ...outs }) as O };
      } catch (error) {
        rethrow(error, news, ctx, "update");
      }
    },

    async delete(id: string, props: O) {
      const ctx = contextFor(props, id);
      try {
        await spec.delete(ctx, id, props);
      } catch (error) {
        if (isNotFound(error)) return;
        rethrow(error, props, ctx, "delete");
      }
    },
  };
}
