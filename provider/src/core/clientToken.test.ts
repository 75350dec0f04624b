import { clientToken, createOnce } from "./clientToken";

const notFound = () => Object.assign(new Error("gone"), { name: "ResourceNotFoundException" });

describe("client tokens", () => {
  it("are deterministic, key-order independent, within Proton's 64 characters, and differ per kind and input", () => {
    const a = clientToken("K", { scope: "p/s/x", request: { a: 1, b: [1, 2] } });
    expect(a).toBe(clientToken("K", { request: { b: [1, 2], a: 1 }, scope: "p/s/x" }));
    expect(a).toMatch(/^[0-9a-f]{1,64}$/);
    expect(a).not.toBe(clientToken("L", { scope: "p/s/x", request: { a: 1, b: [1, 2] } }));
    expect(a).not.toBe(clientToken("K", { scope: "p/s/y", request: { a: 1, b: [1, 2] } }));
  });
});

describe("createOnce", () => {
  it("keeps the replayed result when it still exists", async () => {
    const tokens: string[] = [];
    const result = await createOnce({
      token: "t1",
      create: async (token) => (tokens.push(token), "r1"),
      exists: async () => true,
      replayedDeleted: async () => false,
    });
    expect(result).toBe("r1");
    expect(tokens).toEqual(["t1"]);
  });

  it("creates again with a fresh token when the replayed resource is gone", async () => {
    const tokens: string[] = [];
    await createOnce({
      token: "t1",
      create: async (token) => (tokens.push(token), token),
      exists: async (r) => r !== "t1",
      replayedDeleted: async () => false,
    });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe("t1");
  });

  it("retries with a fresh token on not-found only when that means a replay", async () => {
    const attempt = (replay: boolean) => {
      const tokens: string[] = [];
      const run = createOnce({
        token: "t1",
        create: async (token) => {
          tokens.push(token);
          if (token === "t1") throw notFound();
          return token;
        },
        exists: async () => true,
        replayedDeleted: async () => replay,
      });
      return { run, tokens };
    };
    const replayed = attempt(true);
    await expect(replayed.run).resolves.not.toBe("t1");
    expect(replayed.tokens).toHaveLength(2);
    const missingParent = attempt(false);
    await expect(missingParent.run).rejects.toThrow("gone");
    expect(missingParent.tokens).toEqual(["t1"]);
  });
});
