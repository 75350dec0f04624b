import { defineResource, type ResourceSchema } from "./resource";

const schema: ResourceSchema = {
  kind: "Widget",
  inputMembers: ["name"],
  outputs: ["name"],
  properties: { name: { onChange: "replace" } },
  rules: [{ property: "name", type: "string" }],
};

type Bag = Record<string, unknown>;

const failing = (error: unknown) =>
  defineResource<Bag, Bag>({
    schema,
    describe: (bag, id) => String(id ?? bag.name),
    create: () => Promise.reject(error),
    read: () => Promise.resolve(undefined),
    update: () => Promise.reject(error),
    delete: () => Promise.reject(error),
  });

describe("defineResource errors", () => {
  const raw = Object.assign(new Error("socket closed by peer"), { name: "InternalServerException" });

  it.each([
    ["create", (p: ReturnType<typeof failing>) => p.create!({ name: "w1" })],
    ["update", (p: ReturnType<typeof failing>) => p.update!("w1", { name: "w1" }, { name: "w1" })],
    ["delete", (p: ReturnType<typeof failing>) => p.delete!("w1", { name: "w1" })],
  ])("name the resource and the operation on %s", async (operation, call) => {
    await expect(call(failing(raw))).rejects.toThrow(
      `Widget "w1": ${operation} failed: InternalServerException: socket closed by peer`,
    );
  });

  it("treat a delete of something already gone as success", async () => {
    const gone = Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
    await expect(failing(gone).delete!("w1", { name: "w1" })).resolves.toBeUndefined();
  });
});
