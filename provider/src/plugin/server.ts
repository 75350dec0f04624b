/**
 * The provider plugin `pulumi-resource-proton`: Pulumi's ResourceProvider gRPC service over the same
 * `providers` and `functions` the dynamic SDK runs, for every resource `proton:index:<Kind>` and every
 * function `proton:index:<name>` they hold. What the dynamic protocol carried in each resource's inputs
 * is derived instead: `owner` / `autoNamePrefix` from the URN (identity.ts), the stack's connection and
 * operation settings from the provider's configuration (settings.ts). The state keeps only what the
 * program said and what Proton answered: no serialized provider, no derived inputs, no provider config.
 *
 * Written on the SDK's generated gRPC service rather than `@pulumi/pulumi/provider`'s `main`: in 3.248
 * that server leaves CheckConfig unimplemented, ignores Configure's config, and fails an import's Read
 * (it dereferences the request's absent `properties`).
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as pulumi from "@pulumi/pulumi";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import type { ProviderFunction } from "../core/function";
import { errorFacts, type ProtonStateError } from "../core/errors";
import { getPath, isEmpty, sameValue, type PropertyBag } from "../core/values";
import { DeleteScheduler } from "./deletes";
import { identityOf, withIdentity, withoutIdentity } from "./identity";
import { withResource } from "./log";
import { anyproto, bagOf, emptyproto, grpc, structOf, unwrapSecrets } from "./rpc";
import {
  ProviderConfig,
  withOwnSettings,
  withSettings,
  type PluginSchema,
  type ProviderSettings,
} from "./settings";

/** What the plugin serves: the provider's implementation tables and the package schema (its text). */
export interface PluginImplementation {
  providers: Readonly<Record<string, pulumi.dynamic.ResourceProvider>>;
  functions: Readonly<Record<string, ProviderFunction>>;
  schema: string;
}

/** Inputs every resource has that are settings or adoption, not Proton members: never a listed diff. */
const COMMON_INPUTS = new Set(["connection", "operation", "importId"]);

type Kind = proto.PropertyDiff.Kind;
const DIFF = proto.PropertyDiff.Kind;

/** The kind of one detailed-diff entry: added, deleted or updated, replacing or not. */
function diffKind(old: unknown, next: unknown, replace: boolean): Kind {
  if (isEmpty(old)) return replace ? DIFF.ADD_REPLACE : DIFF.ADD;
  if (isEmpty(next)) return replace ? DIFF.DELETE_REPLACE : DIFF.DELETE;
  return replace ? DIFF.UPDATE_REPLACE : DIFF.UPDATE;
}

/**
 * The detailed diff of a change the provider reported: its replace paths as replacements, and each
 * other input member whose value differs between the old and new inputs as an update.
 */
export function detailedDiff(
  inputNames: readonly string[],
  oldInputs: PropertyBag,
  news: PropertyBag,
  replaces: readonly string[],
): Map<string, Kind> {
  const entries = new Map<string, Kind>();
  for (const name of inputNames) {
    if (COMMON_INPUTS.has(name) || sameValue(oldInputs[name], news[name])) continue;
    if (!replaces.some((p) => p === name || p.startsWith(`${name}.`)))
      entries.set(name, diffKind(oldInputs[name], news[name], false));
  }
  for (const path of replaces)
    entries.set(path, diffKind(getPath(oldInputs, path), getPath(news, path), true));
  return entries;
}

/** The provider protocol's "created, but failed to initialize": the engine records the resource. */
class InitFailure extends Error {
  constructor(
    readonly id: string,
    readonly properties: PropertyBag,
    readonly inputs: PropertyBag,
    readonly reasons: string[],
    message: string,
  ) {
    super(message);
  }
}

/** A thrown error as the engine wants it: its message, and an initialization failure's details. */
function grpcError(error: unknown): Partial<grpcTypes.ServiceError> {
  const message = error instanceof Error ? error.message : String(error);
  const metadata = new grpc.Metadata();
  if (error instanceof InitFailure) {
    const detail = new proto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(structOf(error.properties));
    detail.setInputs(structOf(error.inputs));
    detail.setReasonsList(error.reasons);
    const packed = new anyproto.Any();
    packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(packed);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

type Handler<Req, Res> = (request: Req) => Promise<Res>;

/** A unary gRPC method from a promise-returning handler. */
function unary<Req, Res>(handler: Handler<Req, Res>): grpcTypes.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcError(error) as grpcTypes.ServiceError, null),
    );
  };
}

export class ProtonPlugin {
  private readonly schema: PluginSchema;
  private readonly config: ProviderConfig;
  private settings: ProviderSettings = { connection: {}, operation: {} };
  private readonly deletes = new DeleteScheduler();

  constructor(private readonly impl: PluginImplementation) {
    this.schema = JSON.parse(impl.schema) as PluginSchema;
    this.config = new ProviderConfig(this.schema);
  }

  /** The gRPC service implementation; methods it leaves out answer UNIMPLEMENTED. */
  service(): grpcTypes.UntypedServiceImplementation {
    const resource = <Req extends { getUrn(): string }, Res>(handler: Handler<Req, Res>) =>
      unary<Req, Res>((request) => withResource(request.getUrn(), () => handler(request)));
    return {
      getPluginInfo: unary(async () => new PluginInfo().setVersion(this.schema.version)),
      getSchema: unary(async (req: proto.GetSchemaRequest) => {
        if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
        return new proto.GetSchemaResponse().setSchema(this.impl.schema);
      }),
      checkConfig: unary(async (req: proto.CheckRequest) => this.checkConfig(req)),
      diffConfig: unary(async (req: proto.DiffRequest) => this.diffConfig(req)),
      configure: unary(async (req: proto.ConfigureRequest) => this.configure(req)),
      invoke: unary((req: proto.InvokeRequest) => this.invoke(req)),
      check: resource((req: proto.CheckRequest) => this.check(req)),
      diff: resource((req: proto.DiffRequest) => this.diff(req)),
      create: resource((req: proto.CreateRequest) => this.create(req)),
      read: resource((req: proto.ReadRequest) => this.read(req)),
      update: resource((req: proto.UpdateRequest) => this.update(req)),
      delete: resource((req: proto.DeleteRequest) => this.delete(req)),
      cancel: unary(async () => new emptyproto.Empty()),
    };
  }

  /** The provider of the resource `urn` names, or an error naming what this plugin serves. */
  private providerFor(urn: string): pulumi.dynamic.ResourceProvider {
    const { kind } = identityOf(urn);
    const type = urn.split("::")[2].split("$").pop();
    const provider = type === `${this.schema.name}:index:${kind}` ? this.impl.providers[kind] : undefined;
    if (!provider) throw new Error(`unknown resource type ${type}`);
    return provider;
  }

  private inputNames(urn: string): string[] {
    const { kind } = identityOf(urn);
    return Object.keys(this.schema.resources[`${this.schema.name}:index:${kind}`]?.inputProperties ?? {});
  }

  /** What a provider call sees: the resource's bag with its derived inputs and the provider's settings. */
  private forCall(urn: string, bag: PropertyBag): PropertyBag {
    return withSettings(this.settings, withIdentity(urn, bag));
  }

  /** What the state keeps of a provider answer: no derived inputs, the resource's own settings only. */
  private forState(result: PropertyBag | undefined, own: PropertyBag): PropertyBag {
    return withOwnSettings(withoutIdentity(result ?? {}), own);
  }

  /** A partial failure (the resource exists, a later step failed) as the protocol's init failure. */
  private initFailure(error: unknown, own: PropertyBag): unknown {
    const e = error as { id?: unknown; properties?: PropertyBag; reasons?: string[] };
    if (typeof e?.id !== "string" || e.id === "") return error;
    const reasons = e.reasons ?? [String((error as Error).message)];
    return new InitFailure(
      e.id,
      this.forState(e.properties, own),
      withoutIdentity(own),
      reasons,
      (error as Error).message,
    );
  }

  private async checkConfig(req: proto.CheckRequest): Promise<proto.CheckResponse> {
    const { inputs, failures } = this.config.check(unwrapSecrets(bagOf(req.getNews())) as PropertyBag);
    return checkResponse(inputs, failures);
  }

  private async diffConfig(req: proto.DiffRequest): Promise<proto.DiffResponse> {
    const olds = unwrapSecrets(bagOf(req.getOldInputs() ?? req.getOlds())) as PropertyBag;
    const news = unwrapSecrets(bagOf(req.getNews())) as PropertyBag;
    const { changes, replaces, diffs } = this.config.diff(olds, news);
    const response = new proto.DiffResponse();
    response.setChanges(changes ? DIFF_SOME : DIFF_NONE);
    response.setReplacesList(replaces);
    response.setDiffsList(diffs);
    return response;
  }

  private async configure(req: proto.ConfigureRequest): Promise<proto.ConfigureResponse> {
    // Newer engines send the provider's inputs as `args` (secrets wrapped); older ones only `variables`.
    const args = req.getArgs()
      ? (unwrapSecrets(bagOf(req.getArgs())) as PropertyBag)
      : Object.fromEntries(
          req
            .getVariablesMap()
            .getEntryList()
            .map(([key, value]) => [key.split(":").pop() as string, value]),
        );
    this.settings = this.config.settings(args);
    const response = new proto.ConfigureResponse();
    // Plain values in, plain values out: the engine keeps secretness itself (annotates outputs).
    response.setAcceptsecrets(false);
    response.setAcceptresources(false);
    // Creates and updates act on Proton: never run them for a preview.
    response.setSupportspreview(false);
    return response;
  }

  private async invoke(req: proto.InvokeRequest): Promise<proto.InvokeResponse> {
    const token = req.getTok();
    const name = token.split(":").pop() as string;
    const fn = token === `${this.schema.name}:index:${name}` ? this.impl.functions[name] : undefined;
    if (!fn) throw new Error(`unknown function ${token}`);
    const result = await fn(withSettings(this.settings, bagOf(req.getArgs())));
    return new proto.InvokeResponse().setReturn(structOf(result));
  }

  private async check(req: proto.CheckRequest): Promise<proto.CheckResponse> {
    const urn = req.getUrn();
    const provider = this.providerFor(urn);
    const news = bagOf(req.getNews());
    // Old inputs as the state has them: empty on a create (the deployment rules tell creates apart so).
    // The provider's settings too (a spec is checked against Proton at preview); the state keeps the resource's own.
    const result = provider.check
      ? await provider.check(bagOf(req.getOlds()), this.forCall(urn, news))
      : { inputs: news };
    return checkResponse(this.forState(result.inputs ?? news, news), result.failures ?? []);
  }

  private async diff(req: proto.DiffRequest): Promise<proto.DiffResponse> {
    const urn = req.getUrn();
    const provider = this.providerFor(urn);
    const olds = bagOf(req.getOlds());
    const news = bagOf(req.getNews());
    const response = new proto.DiffResponse();
    if (!provider.diff) return response.setChanges(proto.DiffResponse.DiffChanges.DIFF_UNKNOWN);
    const result = await provider.diff(req.getId(), withIdentity(urn, olds), withIdentity(urn, news));
    const replaces = result.replaces ?? [];
    response.setChanges(
      result.changes === true
        ? DIFF_SOME
        : result.changes === false
          ? DIFF_NONE
          : proto.DiffResponse.DiffChanges.DIFF_UNKNOWN,
    );
    response.setReplacesList(replaces);
    response.setDeletebeforereplace(result.deleteBeforeReplace === true);
    if (result.changes === true) {
      const oldInputs = req.getOldInputs() ? bagOf(req.getOldInputs()) : olds;
      const entries = detailedDiff(this.inputNames(urn), oldInputs, news, replaces);
      response.setDiffsList([...new Set([...entries.keys()].map((path) => path.split(".")[0]))]);
      if (entries.size > 0) {
        response.setHasdetaileddiff(true);
        for (const [path, kind] of entries)
          response.getDetaileddiffMap().set(path, new proto.PropertyDiff().setKind(kind).setInputdiff(true));
      }
    }
    return response;
  }

  private async create(req: proto.CreateRequest): Promise<proto.CreateResponse> {
    const urn = req.getUrn();
    const provider = this.providerFor(urn);
    const inputs = bagOf(req.getProperties());
    if (!provider.create) throw new Error(`${identityOf(urn).kind} cannot be created`);
    try {
      const { id, outs } = await provider.create(this.forCall(urn, inputs));
      return new proto.CreateResponse().setId(id).setProperties(structOf(this.forState(outs, inputs)));
    } catch (error) {
      throw this.initFailure(error, inputs);
    }
  }

  private async read(req: proto.ReadRequest): Promise<proto.ReadResponse> {
    const urn = req.getUrn();
    const provider = this.providerFor(urn);
    // An import's Read carries no state: no properties, no inputs.
    const props = bagOf(req.getProperties());
    const own = req.getInputs() ? bagOf(req.getInputs()) : props;
    const response = new proto.ReadResponse();
    if (!provider.read) return response.setId(req.getId()).setProperties(structOf(props));
    const result = await provider.read(req.getId(), this.forCall(urn, withOwnSettings(props, own)));
    // An empty id: the resource is gone (refresh drops it, import reports it missing).
    if (!result.id) return response.setId("");
    const state = this.forState(result.props, own);
    // The inputs a program would declare to get this state: the schema's inputs only (an import
    // generates the program's code from them).
    const live = this.forState(result.inputs ?? result.props, own);
    const inputs = Object.fromEntries(
      this.inputNames(urn)
        .filter((name) => name !== "importId" && live[name] !== undefined)
        .map((name) => [name, live[name]]),
    );
    return response.setId(result.id).setProperties(structOf(state)).setInputs(structOf(inputs));
  }

  private async update(req: proto.UpdateRequest): Promise<proto.UpdateResponse> {
    const urn = req.getUrn();
    const provider = this.providerFor(urn);
    const olds = bagOf(req.getOlds());
    const news = bagOf(req.getNews());
    if (!provider.update) throw new Error(`${identityOf(urn).kind} cannot be updated`);
    try {
      const result = await provider.update(req.getId(), this.forCall(urn, olds), this.forCall(urn, news));
      return new proto.UpdateResponse().setProperties(structOf(this.forState(result.outs, news)));
    } catch (error) {
      throw this.initFailure(error, news);
    }
  }

  private async delete(req: proto.DeleteRequest): Promise<Empty> {
    const urn = req.getUrn();
    const provider = this.providerFor(urn);
    const props = bagOf(req.getProperties());
    const del = provider.delete?.bind(provider);
    const attempt = () => del?.(req.getId(), this.forCall(urn, props)).catch(unlessGone);
    await this.deletes.run(async () => attempt(), isConflict);
    return new emptyproto.Empty();
  }
}

const DIFF_SOME = proto.DiffResponse.DiffChanges.DIFF_SOME;
const DIFF_NONE = proto.DiffResponse.DiffChanges.DIFF_NONE;

/** Proton refused because of the resource's relations (still has versions, is in use, ...). */
const isConflict = (error: unknown) => errorFacts(error).name === "ConflictException";

/**
 * A delete's wait that ended because what it waited on is gone (an instance whose service another
 * delete of the same destroy removed) has reached what the delete wants.
 */
function unlessGone(error: unknown): void {
  const gone = errorFacts(error).name === "ProtonStateError" && (error as ProtonStateError).status === "GONE";
  if (!gone) throw error;
}

function checkResponse(
  inputs: PropertyBag,
  failures: readonly { property: string; reason: string }[],
): proto.CheckResponse {
  const response = new proto.CheckResponse().setInputs(structOf(inputs));
  response.setFailuresList(
    failures.map((f) => new proto.CheckFailure().setProperty(f.property).setReason(f.reason)),
  );
  return response;
}

/** The engine starts a plugin with its own address as the one positional argument. */
export function engineAddress(args: readonly string[]): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) positional.push(args[i]);
  }
  return positional[0];
}

/** Serves the plugin on a free loopback port and prints the port: the engine reads it from stdout. */
export async function servePlugin(impl: PluginImplementation): Promise<grpcTypes.Server> {
  const server = new grpc.Server();
  server.addService(ResourceProviderService, new ProtonPlugin(impl).service());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
  return server;
}
