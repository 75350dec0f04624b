/**
 * The plugin's gRPC methods, called in process with the protocol's own messages against an emulator:
 * the contract `pulumi import` relies on (a Read without state answers id, state and schema inputs;
 * Check accepts those inputs; Diff finds nothing to change), Configure's secrets and precedence,
 * detailed diffs, invokes and partial failures. The engine's side is covered end to end (tests/e2e).
 */
import { CreateEnvironmentTemplateCommand, type ProtonClient } from "@aws-sdk/client-proton";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { startTestEmulator, type TestEmulator } from "../../../tests/support/emulator";
import { functions, providers } from "..";
import { detailedDiff, engineAddress, ProtonPlugin } from "./server";
import { bagOf, structOf } from "./rpc";

const schema = readFileSync(join(__dirname, "..", "..", "..", "schema.json"), "utf8");
const URN = "urn:pulumi:dev::proj::proton:index:EnvironmentTemplate::legacy";
const DIFF = proto.PropertyDiff.Kind;
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "123456789012", AWS_SECRET_ACCESS_KEY: "emulator" };

let emulator: TestEmulator;
let client: ProtonClient;
let service: grpc.UntypedServiceImplementation;

/** One unary call of the service, as grpc-js makes it. */
function call<Res>(method: string, request: unknown): Promise<Res> {
  const handler = service[method] as grpc.handleUnaryCall<unknown, Res>;
  return new Promise((resolve, reject) =>
    handler({ request } as grpc.ServerUnaryCall<unknown, Res>, (error, response) =>
      error
        ? reject(Object.assign(new Error(error.details ?? String(error)), error))
        : resolve(response as Res),
    ),
  );
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = emulator.client();
  await client.send(new CreateEnvironmentTemplateCommand({ name: "legacy", displayName: "by hand" }));
  // The plugin takes credentials from the AWS chain: the emulator takes the key id as the account.
  Object.assign(process.env, CREDENTIALS);
  service = new ProtonPlugin({ providers, functions, schema }).service();
  // The engine sends provider inputs with secrets wrapped; the endpoint may be one.
  const secret = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: emulator.url };
  const configure = new proto.ConfigureRequest().setArgs(
    structOf({ endpoint: secret, region: "us-east-1", maxRetries: "0", version: "0.1.0" }),
  );
  const configured = await call<proto.ConfigureResponse>("configure", configure);
  expect(configured.getAcceptsecrets()).toBe(false);
  expect(configured.getSupportspreview()).toBe(false);
});
afterAll(async () => {
  for (const key of Object.keys(CREDENTIALS)) delete process.env[key];
  await emulator.stop();
});

describe("the provider plugin's methods", () => {
  it("GetSchema answers schema.json as it is; GetPluginInfo its version", async () => {
    const answer = await call<proto.GetSchemaResponse>("getSchema", new proto.GetSchemaRequest());
    expect(answer.getSchema()).toBe(schema);
    const info = await call<{ getVersion(): string }>("getPluginInfo", new Empty());
    expect(info.getVersion()).toBe(JSON.parse(schema).version);
  });

  it("an import's Read (no state at all) answers the resource, its state and only schema inputs", async () => {
    const read = await call<proto.ReadResponse>("read", new proto.ReadRequest().setId("legacy").setUrn(URN));
    expect(read.getId()).toBe("legacy");
    expect(bagOf(read.getProperties())).toMatchObject({ name: "legacy", displayName: "by hand" });
    const inputs = bagOf(read.getInputs());
    expect(inputs).toEqual({ name: "legacy", displayName: "by hand", tags: {} });

    // What `pulumi import` does next, and the first preview of the generated program.
    const check = await call<proto.CheckResponse>(
      "check",
      new proto.CheckRequest().setUrn(URN).setOlds(structOf(inputs)).setNews(structOf(inputs)),
    );
    expect(check.getFailuresList()).toEqual([]);
    expect(bagOf(check.getInputs())).toEqual(inputs);
    const diff = await call<proto.DiffResponse>(
      "diff",
      new proto.DiffRequest()
        .setUrn(URN)
        .setId("legacy")
        .setOlds(read.getProperties())
        .setOldInputs(read.getInputs())
        .setNews(check.getInputs()),
    );
    expect(diff.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("Diff names each changed input, replacements as such", async () => {
    const olds = { name: "legacy", displayName: "by hand", description: "old" };
    const news = { name: "renamed", displayName: "by hand", description: "new" };
    const diff = await call<proto.DiffResponse>(
      "diff",
      new proto.DiffRequest()
        .setUrn(URN)
        .setId("legacy")
        .setOlds(structOf(olds))
        .setOldInputs(structOf(olds))
        .setNews(structOf(news)),
    );
    expect(diff.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(diff.getReplacesList()).toEqual(["name"]);
    expect(diff.getDeletebeforereplace()).toBe(false);
    expect(diff.getDiffsList().sort()).toEqual(["description", "name"]);
    const kinds: Record<string, number> = {};
    diff.getDetaileddiffMap().forEach((entry, path) => (kinds[path] = entry.getKind()));
    expect(kinds).toEqual({ description: DIFF.UPDATE, name: DIFF.UPDATE_REPLACE });
  });

  it("a Read of a resource that is gone answers an empty id", async () => {
    const props = structOf({ name: "gone" });
    const read = await call<proto.ReadResponse>(
      "read",
      new proto.ReadRequest().setId("gone").setUrn(URN).setProperties(props).setInputs(props),
    );
    expect(read.getId()).toBe("");
  });

  it("Invoke runs the read function with the provider's settings", async () => {
    const answer = await call<proto.InvokeResponse>(
      "invoke",
      new proto.InvokeRequest()
        .setTok("proton:index:getEnvironmentTemplate")
        .setArgs(structOf({ name: "legacy" })),
    );
    expect(bagOf(answer.getReturn())).toMatchObject({ name: "legacy", displayName: "by hand" });
  });

  it("refuses types and functions the package does not have", async () => {
    const foreign = "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b";
    await expect(
      call("check", new proto.CheckRequest().setUrn(foreign).setNews(structOf({}))),
    ).rejects.toThrow("unknown resource type aws:s3/bucket:Bucket");
    await expect(call("invoke", new proto.InvokeRequest().setTok("proton:index:nothing"))).rejects.toThrow(
      "unknown function proton:index:nothing",
    );
  });

  it("CheckConfig normalizes and validates the provider's inputs", async () => {
    const answer = await call<proto.CheckResponse>(
      "checkConfig",
      new proto.CheckRequest().setNews(structOf({ pollIntervalMs: "200", timeoutMs: "later" })),
    );
    expect(bagOf(answer.getInputs())).toMatchObject({ pollIntervalMs: 200 });
    expect(answer.getFailuresList().map((f) => f.getProperty())).toEqual(["timeoutMs"]);
  });
});

describe("detailedDiff", () => {
  const names = ["name", "description", "tags", "connection", "importId"];

  it.each([
    ["an added member", { name: "a" }, { name: "a", description: "d" }, [], { description: DIFF.ADD }],
    ["a removed member", { name: "a", description: "d" }, { name: "a" }, [], { description: DIFF.DELETE }],
    ["a replacing member", { name: "a" }, { name: "b" }, ["name"], { name: DIFF.UPDATE_REPLACE }],
    [
      "a nested replace path instead of its settings group",
      { name: "a", connection: { region: "us-east-1" } },
      { name: "a", connection: { region: "eu-west-1", endpoint: "x" } },
      ["connection.region"],
      { "connection.region": DIFF.UPDATE_REPLACE },
    ],
    ["'not set' forms are equal", { name: "a", tags: {} }, { name: "a" }, [], {}],
  ])("%s", (_label, olds, news, replaces, expected) => {
    expect(Object.fromEntries(detailedDiff(names, olds, news, replaces))).toEqual(expected);
  });
});

describe("engineAddress", () => {
  it.each([
    [["127.0.0.1:5000"], "127.0.0.1:5000"],
    [["--logtostderr", "-v=9", "127.0.0.1:5000"], "127.0.0.1:5000"],
    [["--tracing", "file:/tmp/t", "127.0.0.1:5000"], "127.0.0.1:5000"],
    [[], undefined],
  ])("%j -> %s", (args, address) => {
    expect(engineAddress(args)).toBe(address);
  });
});
