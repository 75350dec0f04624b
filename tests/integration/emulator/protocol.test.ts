/** Wire protocol, authentication, error classes and statuses, accounts and regions. */
import {
  AccessDeniedException,
  ConflictException,
  CreateEnvironmentTemplateCommand,
  GetEnvironmentTemplateCommand,
  InternalServerException,
  ListEnvironmentTemplatesCommand,
  ProtonServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TagResourceCommand,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-proton";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent } from "node:http";
import type { Duplex } from "node:stream";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 50 });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const SIGNED =
  "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/proton/aws4_request, SignedHeaders=host, Signature=00";

function raw(body: string, headers: Record<string, string>) {
  return fetch(emulator.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", ...headers },
    body,
  });
}

async function rejection(promise: Promise<unknown>): Promise<ProtonServiceException> {
  try {
    await promise;
  } catch (err) {
    return err as ProtonServiceException;
  }
  throw new Error("expected the call to fail");
}

describe("every Proton error class reaches the SDK with AWS's status", () => {
  const client = () => emulator.client();

  test("ValidationException names the member and the constraint (400)", async () => {
    const err = await rejection(client().send(new CreateEnvironmentTemplateCommand({ name: "-bad" })));
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toBe(
      "1 validation error detected: Value '-bad' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$",
    );
  });

  test("several violations are reported together; sensitive values are not echoed", async () => {
    const err = await rejection(
      client().send(
        new CreateEnvironmentTemplateCommand({ name: "x".repeat(101), description: "d".repeat(501) }),
      ),
    );
    expect(err.message).toMatch(/^2 validation errors detected: /);
    expect(err.message).toContain(
      "Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 500",
    );
    expect(err.message).toContain(
      "at 'name' failed to satisfy constraint: Member must have length less than or equal to 100",
    );
  });

  test("ResourceNotFoundException (400)", async () => {
    const err = await rejection(client().send(new GetEnvironmentTemplateCommand({ name: "missing" })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  test("ConflictException (400)", async () => {
    await client().send(new CreateEnvironmentTemplateCommand({ name: "dup" }));
    const err = await rejection(client().send(new CreateEnvironmentTemplateCommand({ name: "dup" })));
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  test("AccessDeniedException for another account's resource (400)", async () => {
    const arn = (await client().send(new CreateEnvironmentTemplateCommand({ name: "mine" })))
      .environmentTemplate!.arn;
    const err = await rejection(
      emulator.client("210987654321").send(new TagResourceCommand({ resourceArn: arn, tags: [] })),
    );
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  test("ServiceQuotaExceededException (400)", async () => {
    for (let i = 0; i < 100; i++)
      await client().send(new CreateEnvironmentTemplateCommand({ name: `q${i}` }));
    const err = await rejection(client().send(new CreateEnvironmentTemplateCommand({ name: "over" })));
    expect(err).toBeInstanceOf(ServiceQuotaExceededException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  test("ThrottlingException (400) and InternalServerException (500) from injected faults", async () => {
    await emulator.control.setFaults({ throttleAboveRps: 0 });
    const throttled = await rejection(client().send(new ListEnvironmentTemplatesCommand({})));
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata.httpStatusCode).toBe(400);

    await emulator.control.setFaults({ faultRate: 1 });
    const fault = await rejection(client().send(new ListEnvironmentTemplatesCommand({})));
    expect(fault).toBeInstanceOf(InternalServerException);
    expect(fault.$metadata.httpStatusCode).toBe(500);
  });
});

describe("wire protocol", () => {
  test("a request without SigV4 Authorization is refused with MissingAuthenticationTokenException (403)", async () => {
    const response = await raw("{}", { "x-amz-target": "AwsProton20200720.ListEnvironmentTemplates" });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(((await response.json()) as { __type: string }).__type).toBe(
      "MissingAuthenticationTokenException",
    );
  });

  test("an unknown target is UnknownOperationException (400)", async () => {
    const response = await raw("{}", {
      authorization: SIGNED,
      "x-amz-target": "AwsProton20200720.LaunchRocket",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });

  test.each([
    ["malformed JSON", "{nope"],
    ["an unknown member", JSON.stringify({ name: "ok", colour: "blue" })],
    ["a wrong JSON type", JSON.stringify({ name: 42 })],
  ])("%s is a SerializationException (400)", async (_label, body) => {
    const response = await raw(body, {
      authorization: SIGNED,
      "x-amz-target": "AwsProton20200720.CreateEnvironmentTemplate",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("SerializationException");
  });

  test("timestamps are epoch seconds on the wire", async () => {
    const response = await raw(JSON.stringify({ name: "ts" }), {
      authorization: SIGNED,
      "x-amz-target": "AwsProton20200720.CreateEnvironmentTemplate",
    });
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    const body = (await response.json()) as { environmentTemplate: { createdAt: number } };
    expect(Math.abs(body.environmentTemplate.createdAt - Date.now() / 1000)).toBeLessThan(3600);
  });

  test("state is partitioned by account (access key id) and region (credential scope)", async () => {
    await emulator.client("111111111111").send(new CreateEnvironmentTemplateCommand({ name: "shared-name" }));
    await emulator.client("222222222222").send(new CreateEnvironmentTemplateCommand({ name: "shared-name" }));
    const west = emulator.client("111111111111", { region: "us-west-2" });
    expect((await west.send(new ListEnvironmentTemplatesCommand({}))).templates).toEqual([]);
    const created = await west.send(new CreateEnvironmentTemplateCommand({ name: "shared-name" }));
    expect(created.environmentTemplate!.arn).toBe(
      "arn:aws:proton:us-west-2:111111111111:environment-template/shared-name",
    );
    // A non-numeric access key id acts as the default account.
    const fallback = emulator.client("AKIDEXAMPLE");
    await fallback.send(new CreateEnvironmentTemplateCommand({ name: "default-account" }));
    const listed = await emulator.client().send(new ListEnvironmentTemplatesCommand({}));
    expect(listed.templates!.map((t) => t.name)).toEqual(["default-account"]);
  });

  test("connections are kept alive across requests", async () => {
    let opened = 0;
    class CountingAgent extends Agent {
      override createConnection(...args: Parameters<Agent["createConnection"]>): Duplex {
        opened++;
        return super.createConnection(...args);
      }
    }
    const agent = new CountingAgent({ keepAlive: true, maxSockets: 1 });
    const client = emulator.client(undefined, { requestHandler: new NodeHttpHandler({ httpAgent: agent }) });
    for (let i = 0; i < 10; i++) await client.send(new ListEnvironmentTemplatesCommand({}));
    agent.destroy();
    expect(opened).toBe(1);
  });
});
