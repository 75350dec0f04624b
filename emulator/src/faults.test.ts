import { Faults } from "./faults";

test("no settings, no faults", () => {
  const faults = new Faults();
  expect(Array.from({ length: 50 }, () => faults.decide(0))).toEqual(Array(50).fill("none"));
});

test("throttling counts requests per clock second", () => {
  const faults = new Faults();
  faults.configure({ throttleAboveRps: 1 });
  expect([faults.decide(1000), faults.decide(1999), faults.decide(2000)]).toEqual([
    "none",
    "throttle",
    "none",
  ]);
});

test("rates are honoured roughly and replay exactly for a seed", () => {
  const run = (seed: number) => {
    const faults = new Faults();
    faults.configure({ faultRate: 0.3, dropRate: 0.1, seed });
    return Array.from({ length: 2000 }, () => faults.decide(0));
  };
  const first = run(7);
  expect(run(7)).toEqual(first);
  expect(run(8)).not.toEqual(first);
  const share = (kind: string) => first.filter((d) => d === kind).length / first.length;
  expect(share("drop")).toBeGreaterThan(0.05);
  expect(share("drop")).toBeLessThan(0.15);
  expect(share("fault")).toBeGreaterThan(0.2); // 0.3 of the requests not dropped
  expect(share("fault")).toBeLessThan(0.35);
});
