import { ProtonError } from "../errors";
import type { TemplateRecord, TemplateVersionRecord, TemplateVersionStatus } from "./templates.records";
import {
  catalogOf,
  createTarget,
  isBusy,
  planUpdate,
  type DeploymentTarget,
  type UpdateRequest,
} from "./deployment";

function template(versions: Record<string, TemplateVersionStatus>): TemplateRecord {
  const records: Record<string, TemplateVersionRecord> = {};
  for (const [id, status] of Object.entries(versions)) {
    const [majorVersion, minorVersion] = id.split(".");
    records[id] = {
      templateName: "tpl",
      majorVersion,
      minorVersion,
      arn: `arn:aws:proton:us-east-1:123456789012:environment-template/tpl:${id}`,
      status,
      source: { bucket: "b", key: "k" },
      createdAt: 0,
      lastModifiedAt: 0,
    };
  }
  return { kind: "environment", name: "tpl", arn: "arn", createdAt: 0, lastModifiedAt: 0, versions: records };
}

// 1.0..1.2 published, 1.3 draft, 2.0 published, 2.1 registration failed, 10.0 published (numeric order).
const catalog = catalogOf(
  template({
    "1.0": "PUBLISHED",
    "1.1": "PUBLISHED",
    "1.2": "PUBLISHED",
    "1.3": "DRAFT",
    "2.0": "PUBLISHED",
    "2.1": "REGISTRATION_FAILED",
    "10.0": "PUBLISHED",
  }),
);

const current: DeploymentTarget = { templateMajorVersion: "1", templateMinorVersion: "1", spec: "old" };

const outcome = (run: () => DeploymentTarget | undefined): string => {
  try {
    const target = run();
    return target === undefined
      ? "no deployment"
      : `${target.templateMajorVersion}.${target.templateMinorVersion} ${target.spec}`;
  } catch (error) {
    if (error instanceof ProtonError) return error.code;
    throw error;
  }
};

describe("catalogOf", () => {
  it("recommends the latest published versions, in numeric order", () => {
    expect(catalog.recommendedMinor("1")).toBe("2");
    expect(catalog.recommendedMinor("2")).toBe("0");
    expect(catalog.recommendedMinor("3")).toBeUndefined();
    expect(catalog.recommendedMajor()).toBe("10");
  });
});

describe("planUpdate", () => {
  it.each<
    [
      string,
      Omit<UpdateRequest, "deploymentType"> & { deploymentType: UpdateRequest["deploymentType"] },
      string,
    ]
  >([
    ["NONE", { deploymentType: "NONE" }, "no deployment"],
    ["NONE with a spec", { deploymentType: "NONE", spec: "new" }, "ValidationException"],
    [
      "NONE with a minor version",
      { deploymentType: "NONE", templateMinorVersion: "2" },
      "ValidationException",
    ],
    ["CURRENT_VERSION", { deploymentType: "CURRENT_VERSION" }, "1.1 old"],
    ["CURRENT_VERSION with a spec", { deploymentType: "CURRENT_VERSION", spec: "new" }, "1.1 new"],
    [
      "CURRENT_VERSION with a major version",
      { deploymentType: "CURRENT_VERSION", templateMajorVersion: "1" },
      "ValidationException",
    ],
    ["MINOR_VERSION", { deploymentType: "MINOR_VERSION" }, "1.2 old"],
    [
      "MINOR_VERSION to a lower minor",
      { deploymentType: "MINOR_VERSION", templateMinorVersion: "0", spec: "new" },
      "1.0 new",
    ],
    [
      "MINOR_VERSION naming the current major",
      { deploymentType: "MINOR_VERSION", templateMajorVersion: "1" },
      "1.2 old",
    ],
    [
      "MINOR_VERSION naming another major",
      { deploymentType: "MINOR_VERSION", templateMajorVersion: "2" },
      "ValidationException",
    ],
    [
      "MINOR_VERSION to a draft",
      { deploymentType: "MINOR_VERSION", templateMinorVersion: "3" },
      "ValidationException",
    ],
    [
      "MINOR_VERSION to a missing minor",
      { deploymentType: "MINOR_VERSION", templateMinorVersion: "9" },
      "ResourceNotFoundException",
    ],
    ["MAJOR_VERSION", { deploymentType: "MAJOR_VERSION" }, "10.0 old"],
    [
      "MAJOR_VERSION to a given major",
      { deploymentType: "MAJOR_VERSION", templateMajorVersion: "2" },
      "2.0 old",
    ],
    [
      "MAJOR_VERSION to a failed minor",
      { deploymentType: "MAJOR_VERSION", templateMajorVersion: "2", templateMinorVersion: "1" },
      "ValidationException",
    ],
    [
      "MAJOR_VERSION to the current major",
      { deploymentType: "MAJOR_VERSION", templateMajorVersion: "1" },
      "ValidationException",
    ],
    [
      "MAJOR_VERSION to a major without versions",
      { deploymentType: "MAJOR_VERSION", templateMajorVersion: "3" },
      "ValidationException",
    ],
  ])("%s", (_case, request, expected) => {
    expect(outcome(() => planUpdate(current, request, catalog))).toBe(expected);
  });

  it("refuses MAJOR_VERSION when the recommended major is not higher", () => {
    const atTop: DeploymentTarget = { ...current, templateMajorVersion: "10", templateMinorVersion: "0" };
    expect(outcome(() => planUpdate(atTop, { deploymentType: "MAJOR_VERSION" }, catalog))).toBe(
      "ValidationException",
    );
  });
});

describe("createTarget", () => {
  it.each<[string, string, string | undefined, string]>([
    ["defaults to the recommended minor", "1", undefined, "1.2 spec"],
    ["takes a published minor", "1", "0", "1.0 spec"],
    ["refuses a draft", "1", "3", "ValidationException"],
    ["refuses a missing minor", "1", "7", "ResourceNotFoundException"],
    ["refuses a major without published minors", "3", undefined, "ValidationException"],
  ])("%s", (_case, major, minor, expected) => {
    expect(outcome(() => createTarget(catalog, major, minor, "spec"))).toBe(expected);
  });
});

describe("busy statuses", () => {
  it.each([
    ["IN_PROGRESS", true],
    ["CANCELLING", true],
    ["DELETE_IN_PROGRESS", true],
    ["SUCCEEDED", false],
    ["FAILED", false],
    ["CANCELLED", false],
    ["DELETE_FAILED", false],
  ] as const)("%s is busy: %s", (deploymentStatus, busy) => {
    expect(isBusy({ deploymentStatus })).toBe(busy);
  });
});
