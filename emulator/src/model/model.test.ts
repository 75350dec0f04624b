/** The committed table is what the pinned model says (regenerated in memory; `make codegen-model` fixes it). */
import { deriveTable, differences, readSources } from "../../../scripts/model/derive";
import { model, type ModelShape } from ".";

test("proton.generated.json matches the pinned model and SDK", () => {
  expect(differences(model, deriveTable(readSources()))).toEqual([]);
});

const references = (shape: ModelShape): string[] =>
  shape.type === "structure"
    ? Object.values(shape.members).map((member) => member.shape)
    : shape.type === "list"
      ? [shape.member]
      : shape.type === "map"
        ? [shape.key, shape.value]
        : [];

test("the table is the whole Proton API and every reference in it resolves", () => {
  expect(Object.keys(model.operations)).toHaveLength(87);
  const dangling: string[] = [];
  for (const [name, { input, output, errors }] of Object.entries(model.operations)) {
    for (const io of [input, output])
      if (model.shapes[io]?.type !== "structure") dangling.push(`${name}: ${io}`);
    for (const error of errors) if (!model.errors[error]) dangling.push(`${name}: ${error}`);
  }
  for (const [name, shape] of Object.entries(model.shapes)) {
    for (const target of references(shape)) if (!model.shapes[target]) dangling.push(`${name}: ${target}`);
    if (shape.type === "structure")
      for (const required of shape.required ?? [])
        if (!shape.members[required]) dangling.push(`${name}: required ${required}`);
  }
  expect(dangling).toEqual([]);
});
