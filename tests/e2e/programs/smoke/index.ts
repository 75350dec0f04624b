import * as pulumi from "@pulumi/pulumi";

// A provider that only echoes its inputs: the point is the engine round trip, not any side effect.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { label: string }) {
    return { id: `marker-${inputs.label}`, outs: { label: inputs.label, length: inputs.label.length } };
  },
};

interface MarkerArgs {
  label: pulumi.Input<string>;
}

class Marker extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  declare readonly length: pulumi.Output<number>;

  constructor(name: string, args: MarkerArgs, opts?: pulumi.CustomResourceOptions) {
    super(echoProvider, name, { ...args, length: undefined }, opts);
  }
}

const config = new pulumi.Config();
const marker = new Marker("marker", { label: config.get("label") ?? "hello" });

export const markerId = marker.id;
export const label = marker.label;
export const length = marker.length;
