/**
 * Specs are checked at preview (the providers' check): Proton takes YAML mappings, with
 * `proton: EnvironmentSpec` / `proton: ServiceSpec` on the documents that need it; instance and
 * pipeline specs are their own inputs, a mapping. The check also reads the template version's schema
 * from Proton: here an empty emulator has none, so only the syntax rules decide.
 */
import { providers } from "../../../provider/src";
import { useEmulator } from "../../support/emulator";
import { settings, useAccounts } from "./deployableSupport";

const emulator = useEmulator({ reset: false });
beforeAll(() => useAccounts());

type Bag = Record<string, unknown>;

const base: Record<string, Bag> = {
  Environment: {
    name: "dev",
    templateName: "vpc",
    templateMajorVersion: "1",
    protonServiceRoleArn: "arn:aws:iam::123456789012:role/proton",
  },
  Service: { name: "web", templateName: "web", templateMajorVersion: "1" },
  ServiceInstance: { name: "a", serviceName: "web", environmentName: "dev" },
  ServicePipeline: { serviceName: "web" },
};

const failures = async (kind: string, spec: string) =>
  ((await providers[kind].check!({}, { ...settings(emulator), ...base[kind], spec })).failures ?? []).map(
    (f) => `${f.property}: ${f.reason}`,
  );

describe("spec checks at preview", () => {
  it.each([
    ["Environment", "hello", 'spec: must be a YAML mapping (got a scalar ("hello"))'],
    ["Environment", "- a\n- b\n", "spec: must be a YAML mapping (got a list)"],
    [
      "Environment",
      "spec:\n  cidr: 10.0.0.0/16\n",
      'spec: must declare "proton: EnvironmentSpec" (got no proton key)',
    ],
    [
      "Environment",
      "proton: ServiceSpec\n",
      'spec: must declare "proton: EnvironmentSpec" (got proton: ServiceSpec)',
    ],
    ["Service", "instances: []\n", 'spec: must declare "proton: ServiceSpec" (got no proton key)'],
    ["Service", "42", "spec: must be a YAML mapping (got a scalar (42))"],
    ["ServiceInstance", "hello", 'spec: must be a YAML mapping (got a scalar ("hello"))'],
    ["ServicePipeline", "- npm test\n", "spec: must be a YAML mapping (got a list)"],
    ["ServiceInstance", "port: [", "spec: is not valid YAML: "],
  ])("%s spec %j fails: %s", async (kind, spec, reason) => {
    const found = await failures(kind, spec);
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(reason)).toBe(true);
  });

  it.each([
    ["Environment", "proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n"],
    ["Service", "proton: ServiceSpec\ninstances: []\n"],
    ["ServiceInstance", "port: 80\n"],
    ["ServiceInstance", ""],
    ["ServicePipeline", "unit_test_command: npm test\n"],
  ])("%s accepts %j", async (kind, spec) => {
    expect(await failures(kind, spec)).toEqual([]);
  });
});
