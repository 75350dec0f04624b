import * as pulumi from "@pulumi/pulumi";

interface MarkerInputs {
  label: string;
}

// Outputs derive only from inputs: the point is the engine round trip, not any side effect.
const describe = (inputs: MarkerInputs) => ({ label: inputs.label, length: inputs.label.length });

const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: MarkerInputs) {
    return { id: `marker-${inputs.label}`, outs: describe(inputs) };
  },
  async update(_id: string, _olds: MarkerInputs, news: MarkerInputs) {
    return { outs: describe(news) };
  },
};

class Marker extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  declare readonly length: pulumi.Output<number>;

  constructor(name: string, args: { label: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(echoProvider, name, { ...args, length: undefined }, opts);
  }
}

const config = new pulumi.Config();
// Lets the test prove that a program error reaches the engine as one clear diagnostic.
const failWith = config.get("failWith");
if (failWith) {
  throw new Error(failWith);
}

const marker = new Marker("marker", { label: config.get("label") ?? "hello" });

export const markerId = marker.id;
export const label = marker.label;
export const length = marker.length;
