/**
 * What Pulumi stores in every resource's `__provider`: a one-line module that loads the bundled
 * implementation, captures nothing but the kind (no client, credentials or module graph), and is what
 * a real resource class registers.
 */
import * as pulumi from "@pulumi/pulumi";
import { Module } from "node:module";
import * as path from "node:path";
import { EnvironmentTemplate } from "./index";
import { PROVIDER_MODULE, providerModuleText } from "./dynamicProvider";

/** Evaluates the text the way the dynamic-provider host does (requireFromString(text).handler()). */
function load(text: string): unknown {
  const module = new Module("provider-text", undefined);
  module.paths = [path.join(__dirname, "..", "..", "..", "node_modules")];
  (module as unknown as { _compile(code: string, file: string): void })._compile(text, "provider-text.js");
  return (module.exports as { handler: () => unknown }).handler();
}

describe("the __provider text", () => {
  it.each(["EnvironmentTemplate", "ServiceTemplateVersion", "AccountSettings"])(
    "%s: at most 600 bytes, loads the bundled implementation's provider for the kind",
    (kind) => {
      const text = providerModuleText(kind);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(600);
      expect(text).not.toMatch(/ProtonClient|@aws-sdk|credential/);
      expect(text).toContain(`require("${PROVIDER_MODULE}")`);
      // Loaded outside jest's module registry, as the host loads it: the bundle's provider for the kind.
      const provider = load(text) as Record<string, unknown>;
      for (const method of ["check", "diff", "create", "read", "update", "delete"])
        expect(typeof provider[method]).toBe("function");
    },
  );

  it("is what a resource class registers (not Pulumi's closure serialization of the shim)", async () => {
    const registered: Record<string, unknown>[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args.inputs);
          return { id: args.name, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "proj",
      "dev",
    );
    const secret = "sdk-test-secret-access-key";
    process.env.AWS_SECRET_ACCESS_KEY = secret;
    new EnvironmentTemplate("tmpl", { name: "tmpl" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const provider = registered.find((inputs) => inputs.name === "tmpl")?.__provider;
    expect(provider).toBe(providerModuleText("EnvironmentTemplate"));
    expect(String(provider)).not.toContain(secret);
  });
});
