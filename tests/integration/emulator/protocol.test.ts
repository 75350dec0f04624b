/** Wire protocol, authentication, error classes and statuses, accounts and regions, request limits. */
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
  UpdateEnvironmentTemplateCommand,
  ValidationException,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent, request } from "node:http";
import type { Duplex } from "node:stream";
import { MAX_REQUEST_BYTES } from "../../../emulator/src/server";
import { useEmulator } from "../../support/emulator";

const emulator = useEmulator({ deploymentMs: 50 });

const SIGNED =
  "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/proton/aws4_request, SignedHeaders=host, Signature=00";
const JSON_1_0 = "application/x-amz-json-1.0";

function raw(body: string, headers: Record<string, string>) {
  return fetch(emulator.url, { method: "POST", headers: { "content-type": JSON_1_0, ...headers }, body });
}

const target = (operation: string) => ({
  authorization: SIGNED,
  "x-amz-target": `AwsProton20200720.${operation}`,
});

async function rejection(promise: Promise<unknown>): Promise<ProtonServiceException> {
  try {
    await promise;
  } catch (err) {
    return err as ProtonServiceException;
  }
  throw new Error("expected the call to fail");
}

describe("every Proton error class reaches the stock SDK with AWS's status and error type", () => {
  let client: ProtonClient;
  beforeEach(() => {
    client = emulator.client();
  });

  const cases: [string, number, new (...args: never[]) => ProtonServiceException, () => Promise<unknown>][] =
    [
      [
        "ValidationException",
        400,
        ValidationException,
        () => client.send(new CreateEnvironmentTemplateCommand({ name: "-bad" })),
      ],
      [
        "AccessDeniedException",
        403,
        AccessDeniedException,
        async () => {
          const { environmentTemplate } = await client.send(
            new CreateEnvironmentTemplateCommand({ name: "mine" }),
          );
          return emulator
            .client("210987654321")
            .send(new TagResourceCommand({ resourceArn: environmentTemplate?.arn, tags: [] }));
        },
      ],
      [
        "ResourceNotFoundException",
        404,
        ResourceNotFoundException,
        () => client.send(new GetEnvironmentTemplateCommand({ name: "missing" })),
      ],
      [
        "ConflictException",
        409,
        ConflictException,
        async () => {
          // A retried create of a template modified since conflicts.
          await client.send(new CreateEnvironmentTemplateCommand({ name: "dup" }));
          await client.send(new UpdateEnvironmentTemplateCommand({ name: "dup", description: "changed" }));
          return client.send(new CreateEnvironmentTemplateCommand({ name: "dup" }));
        },
      ],
      [
        "ServiceQuotaExceededException",
        402,
        ServiceQuotaExceededException,
        async () => {
          for (let i = 0; i < 1000; i++)
            await client.send(new CreateEnvironmentTemplateCommand({ name: `q${i}` }));
          return client.send(new CreateEnvironmentTemplateCommand({ name: "over" }));
        },
      ],
      [
        "ThrottlingException",
        429,
        ThrottlingException,
        async () => {
          await emulator.control.setFaults({ throttleAboveRps: 0 });
          return client.send(new ListEnvironmentTemplatesCommand({}));
        },
      ],
      [
        "InternalServerException",
        500,
        InternalServerException,
        async () => {
          await emulator.control.setFaults({ faultRate: 1 });
          return client.send(new ListEnvironmentTemplatesCommand({}));
        },
      ],
    ];

  test.each(cases)("%s: HTTP %i", async (name, status, type, call) => {
    const err = await rejection(call());
    expect(err).toBeInstanceOf(type);
    expect(err.name).toBe(name);
    expect(err.$metadata.httpStatusCode).toBe(status);
  });

  test("the error type is in the x-amzn-ErrorType header and the body's __type", async () => {
    const response = await raw(JSON.stringify({ name: "missing" }), target("GetEnvironmentTemplate"));
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
    expect(await response.json()).toEqual({
      __type: "ResourceNotFoundException",
      message: "The environment template missing was not found.",
    });
  });

  test("a ValidationException names the member and the constraint", async () => {
    const err = await rejection(client.send(new CreateEnvironmentTemplateCommand({ name: "-bad" })));
    expect(err.message).toBe(
      "1 validation error detected: Value '-bad' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$",
    );
  });

  test("several violations are reported together; sensitive values are not echoed", async () => {
    const err = await rejection(
      client.send(
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
});

describe("operations the emulator does not serve", () => {
  test("an unknown target is UnknownOperationException (400), which the SDK does not retry", async () => {
    const response = await raw("{}", target("LaunchRocket"));
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect(((await response.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });
});

describe("wire protocol", () => {
  test("a request without SigV4 Authorization is MissingAuthenticationTokenException (400)", async () => {
    const response = await raw("{}", { "x-amz-target": "AwsProton20200720.ListEnvironmentTemplates" });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await response.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Request is missing Authentication Token",
    });
  });

  test.each([
    ["no content type", undefined],
    ["application/json", "application/json"],
    ["AWS JSON 1.1", "application/x-amz-json-1.1"],
    ["form data", "application/x-www-form-urlencoded"],
  ])("a request with %s reaches no operation: 404 <UnknownOperationException/>", async (_label, type) => {
    const headers = new Headers(target("ListEnvironmentTemplates"));
    if (type) headers.set("content-type", type);
    const response = await fetch(emulator.url, { method: "POST", headers, body: new Blob(["{}"]) });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("<UnknownOperationException/>\n");
    // Nothing was recorded: the request never became a Proton call.
    expect((await emulator.control.calls()).counts).toEqual({});
  });

  test("the content type may carry parameters", async () => {
    const response = await raw("{}", {
      ...target("ListEnvironmentTemplates"),
      "content-type": `${JSON_1_0}; charset=utf-8`,
    });
    expect(response.status).toBe(200);
  });

  test.each([
    ["malformed JSON", "{nope"],
    ["an unknown member", JSON.stringify({ name: "ok", colour: "blue" })],
    ["a wrong JSON type", JSON.stringify({ name: 42 })],
  ])("%s is a SerializationException (400)", async (_label, body) => {
    const response = await raw(body, target("CreateEnvironmentTemplate"));
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("SerializationException");
  });

  test("timestamps are epoch seconds on the wire", async () => {
    const response = await raw(JSON.stringify({ name: "ts" }), target("CreateEnvironmentTemplate"));
    expect(response.headers.get("content-type")).toBe(JSON_1_0);
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

describe("request size", () => {
  /** Sends `declared` bytes' worth of headers and `sent` bytes of body; resolves with the status. */
  const oversized = (declared: number | undefined, sent: number) =>
    new Promise<{ status?: number; closed: boolean }>((resolve, reject) => {
      const { hostname, port } = new URL(emulator.url);
      const headers: Record<string, string | number> = {
        ...target("CreateEnvironmentTemplate"),
        "content-type": JSON_1_0,
      };
      if (declared !== undefined) headers["content-length"] = declared;
      const req = request({ hostname, port, method: "POST", path: "/", headers }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, closed: res.headers.connection === "close" }));
      });
      req.on("error", (err: NodeJS.ErrnoException) => (err.code === "ECONNRESET" ? undefined : reject(err)));
      req.write(Buffer.alloc(sent, "x"));
      // Never finished: the emulator must answer without waiting for (or reading) the rest.
    });

  test("a body declared over the limit is refused with 413 before it is read", async () => {
    expect(await oversized(MAX_REQUEST_BYTES + 1, 1024)).toEqual({ status: 413, closed: true });
  });

  test("a chunked body is refused with 413 once it passes the limit", async () => {
    expect(await oversized(undefined, MAX_REQUEST_BYTES + 64 * 1024)).toEqual({ status: 413, closed: true });
  });

  test("a body at the limit is read", async () => {
    const body = JSON.stringify({ name: "ok", description: "" });
    const response = await raw(
      body + " ".repeat(MAX_REQUEST_BYTES - body.length),
      target("CreateEnvironmentTemplate"),
    );
    expect(response.status).toBe(200);
  });
});
