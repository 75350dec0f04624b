/**
 * What Pulumi stores in every resource's `__provider`: the serialized shim must stay tiny and capture
 * nothing but the kind (no client, credentials or module graph), whatever the process holds.
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamicProvider";

const serialize = async (kind: string) =>
  (await pulumi.runtime.serializeFunction(() => dynamicProvider(kind), { allowSecrets: false })).text;

describe("serialized dynamic provider", () => {
  const secret = "sdk-test-secret-access-key";
  beforeAll(() => {
    process.env.AWS_SECRET_ACCESS_KEY = secret;
  });

  it.each(["EnvironmentTemplate", "ServiceTemplateVersion", "AccountSettings"])(
    "%s: small, loads the bundled implementation at run time, captures only the kind",
    async (kind) => {
      const text = await serialize(kind);
      expect(text.length).toBeLessThan(4000);
      expect(text).toContain('require("pulumi-aws-proton/dist/provider")');
      expect(text).toContain(`kind: "${kind}"`);
      expect(text).not.toMatch(/ProtonClient|@aws-sdk|credential|p-retry/);
      expect(text).not.toContain(secret);
      for (const method of ["check", "diff", "create", "read", "update", "delete"])
        expect(text).toContain(`${method}:`);
    },
  );

  it("is one object per kind, so Pulumi serializes it once", () => {
    expect(dynamicProvider("EnvironmentTemplate")).toBe(dynamicProvider("EnvironmentTemplate"));
    expect(dynamicProvider("EnvironmentTemplate")).not.toBe(dynamicProvider("ServiceTemplate"));
  });
});
