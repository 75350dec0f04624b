/** What an update of a Component sends: planComponentUpdates, one row per kind of change. */
import { planComponentUpdates } from "./component";

type Bag = Record<string, unknown>;

describe("planComponentUpdates", () => {
  const attachedTo = (instance: string) => ({ serviceName: "api", serviceInstanceName: instance });
  const base = { ...attachedTo("web"), templateFile: "t1", serviceSpec: "s1", description: "d" };
  it.each<[string, Bag, Bag, Bag[]]>([
    ["nothing differs", base, base, []],
    [
      "the description alone",
      base,
      { ...base, description: "e" },
      [{ deploymentType: "NONE", description: "e" }],
    ],
    [
      "a cleared description",
      base,
      { ...base, description: undefined },
      [{ deploymentType: "NONE", description: "" }],
    ],
    [
      "the template file",
      base,
      { ...base, templateFile: "t2" },
      [{ deploymentType: "CURRENT_VERSION", templateFile: "t2" }],
    ],
    [
      "a failed last attempt",
      { ...base, deploymentStatus: "FAILED" },
      base,
      [{ deploymentType: "CURRENT_VERSION", templateFile: "t1" }],
    ],
    [
      "a cancelled last attempt",
      { ...base, deploymentStatus: "CANCELLED" },
      base,
      [{ deploymentType: "CURRENT_VERSION", templateFile: "t1" }],
    ],
    [
      "a detach",
      base,
      { templateFile: "t1", description: "d" },
      [{ deploymentType: "CURRENT_VERSION", serviceName: "", serviceInstanceName: "", templateFile: "t1" }],
    ],
    [
      "a move",
      base,
      { ...base, ...attachedTo("worker"), serviceSpec: "s2" },
      [
        { deploymentType: "CURRENT_VERSION", serviceName: "", serviceInstanceName: "" },
        { deploymentType: "CURRENT_VERSION", ...attachedTo("worker"), serviceSpec: "s2", templateFile: "t1" },
      ],
    ],
    [
      "an attach",
      { templateFile: "t1" },
      { ...attachedTo("web"), templateFile: "t1" },
      [{ deploymentType: "CURRENT_VERSION", ...attachedTo("web"), templateFile: "t1" }],
    ],
  ])("%s", (_case, live, desired, expected) => {
    expect(planComponentUpdates(live, desired)).toEqual(expected);
  });
});
