/**
 * Every operation in AWS's model has a handler, except those other issues will add (listed here, and
 * answered UnknownOperationException until then). Adding one of them means taking it off the list.
 */
import { operationNames } from "../model";
import { Registry } from "../operations";
import { entityModules } from ".";

const PENDING = new Set<string>([]);

const handled = new Registry(entityModules).operations;

test("the model has 87 operations and every pending one is one of them", () => {
  expect(operationNames).toHaveLength(87);
  expect([...PENDING].filter((name) => !(operationNames as string[]).includes(name))).toEqual([]);
});

test("every operation of the model has a handler, unless pending", () => {
  const missing = operationNames.filter((name) => !handled.has(name) && !PENDING.has(name));
  expect(missing).toEqual([]);
});

test("no pending operation has a handler (take it off the list) and no handler is outside the model", () => {
  expect([...PENDING].filter((name) => handled.has(name))).toEqual([]);
  expect([...handled.keys()].filter((name) => !(operationNames as string[]).includes(name))).toEqual([]);
});
