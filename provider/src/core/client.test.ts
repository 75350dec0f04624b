/** Connection settings → ProtonClient configuration (no network: only configuration is resolved). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createProtonClient, sharedConnection } from "./client";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("createProtonClient", () => {
  it("uses the resource's region and endpoint and leaves retrying to retry.ts", async () => {
    const client = createProtonClient({ region: "eu-west-1", endpoint: "http://127.0.0.1:4577" });
    expect(await client.config.region()).toBe("eu-west-1");
    const endpoint = await client.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe("http://127.0.0.1:4577");
    expect(await client.config.maxAttempts()).toBe(1);
  });

  it("falls back to the AWS environment when the resource says nothing", async () => {
    process.env.AWS_REGION = "ap-southeast-2";
    process.env.AWS_ACCESS_KEY_ID = "AKIDENVIRONMENT";
    process.env.AWS_SECRET_ACCESS_KEY = "env-secret";
    const client = createProtonClient();
    expect(await client.config.region()).toBe("ap-southeast-2");
    expect((await client.config.credentials()).accessKeyId).toBe("AKIDENVIRONMENT");
  });

  it("reads a named profile from the shared credentials file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proton-client-"));
    fs.writeFileSync(
      path.join(dir, "credentials"),
      "[deployer]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n",
    );
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials");
    process.env.AWS_CONFIG_FILE = path.join(dir, "config");
    process.env.AWS_ACCESS_KEY_ID = "AKIDENVIRONMENT";
    process.env.AWS_SECRET_ACCESS_KEY = "env-secret";
    const client = createProtonClient({ region: "us-east-1", profile: "deployer" });
    expect((await client.config.credentials()).accessKeyId).toBe("AKIDPROFILE");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("sharedConnection", () => {
  it("hands every resource with the same connection settings one client and one rate limiter", () => {
    const a = sharedConnection({ region: "eu-west-1", endpoint: "http://127.0.0.1:1" });
    const b = sharedConnection({ endpoint: "http://127.0.0.1:1", region: "eu-west-1" });
    expect(b.client).toBe(a.client);
    expect(b.limiter).toBe(a.limiter);
    const other = sharedConnection({ region: "eu-west-1", endpoint: "http://127.0.0.1:1", profile: "x" });
    expect(other.client).not.toBe(a.client);
    expect(other.limiter).not.toBe(a.limiter);
  });
});
