import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defineSlice, Store, StateFileError, type PendingWork } from "./store";

const work = (settlesAt: number, kind = "k"): Omit<PendingWork, "seq"> => ({
  accountId: "123456789012",
  region: "us-east-1",
  kind,
  target: `t${settlesAt}`,
  settlesAt,
  outcome: "SUCCEEDED",
});

test("advance settles due work in (settlesAt, seq) order, including work enqueued while settling", () => {
  const store = Store.open({ deploymentMs: 10 });
  store.enqueue(work(30));
  store.enqueue(work(10));
  store.enqueue(work(20));
  store.enqueue(work(10));
  const order: string[] = [];
  const settled = store.advance(25, (w) => {
    order.push(`${w.target}#${w.seq}`);
    if (w.seq === 2) store.enqueue(work(15, "follow-up"));
  });
  expect(order).toEqual(["t10#2", "t10#4", "t15#5", "t20#3"]);
  expect(settled).toBe(4);
  expect(store.nextDue()).toBe(30);
});

test("dequeue removes pending work once", () => {
  const store = Store.open({ deploymentMs: 10 });
  const queued = store.enqueue(work(5));
  expect(store.dequeue(queued.seq)).toBe(true);
  expect(store.dequeue(queued.seq)).toBe(false);
  expect(store.advance(100, () => undefined)).toBe(0);
});

test("takeFailure consumes the first matching subject", () => {
  const store = Store.open({ deploymentMs: 10 });
  store.state.failNext.arnX = "boom";
  expect(store.takeFailure(["name", "arnX"])).toBe("boom");
  expect(store.takeFailure(["name", "arnX"])).toBeUndefined();
});

test("flush writes atomically and open reloads; corrupt files are refused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-test-"));
  const file = path.join(dir, "s.json");
  const store = Store.open({ file, deploymentMs: 10 });
  store.partition("111111111111", "us-east-1").settings = { pipelineServiceRoleArn: "arn:x" };
  store.markDirty();
  store.flush();
  expect(fs.readdirSync(dir)).toEqual(["s.json"]);
  const reloaded = Store.open({ file, deploymentMs: 10 });
  expect(reloaded.partition("111111111111", "us-east-1").settings).toEqual({
    pipelineServiceRoleArn: "arn:x",
  });
  fs.writeFileSync(file, "[]");
  expect(() => Store.open({ file, deploymentMs: 10 })).toThrow(StateFileError);
});

test("a slice is created empty on first use, is the same object after, and is declared once", () => {
  const store = Store.open({ deploymentMs: 10 });
  const things = defineSlice<Record<string, number>>("test-things", () => ({}));
  const partition = store.partition("111111111111", "us-east-1");
  expect(partition).toEqual({ accountId: "111111111111", region: "us-east-1" });
  things.of(partition).a = 1;
  expect(things.of(partition)).toEqual({ a: 1 });
  expect(store.partition("111111111111", "us-east-1")["test-things"]).toEqual({ a: 1 });
  expect(() => defineSlice("test-things", () => ({}))).toThrow(/declared twice/);
  expect(() => defineSlice("accountId", () => ({}))).toThrow(/declared twice/);
});
