// A resource provider plugin for the code generation tests, written the way the real
// pulumi-resource-proton is to be: @pulumi/pulumi/provider serving the package schema. Every widget
// "exists": reading id X answers a widget named "widget X", so `pulumi import` has something to import.
const fs = require("node:fs");
const path = require("node:path");
const { main } = require("@pulumi/pulumi/provider");
const provproto = require("@pulumi/pulumi/proto/provider_pb");

// For `pulumi import` the engine sends a ReadRequest without `properties` (there is no state yet), and
// @pulumi/pulumi 3.248.0's provider server calls getProperties().toJavaScript() on it and fails. Until
// the SDK handles that, answer an absent `properties` with an empty struct (of the SDK's own protobuf).
const { Struct } = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [require.resolve("@pulumi/pulumi")],
  }),
);
const getProperties = provproto.ReadRequest.prototype.getProperties;
provproto.ReadRequest.prototype.getProperties = function () {
  return getProperties.call(this) ?? new Struct();
};

const schema = fs.readFileSync(path.join(__dirname, "schema.json"), "utf8");

const widget = (id) => ({
  displayName: `widget ${id}`,
  spec: { size: "LARGE", labels: { team: "platform" } },
});

main(
  {
    version: JSON.parse(schema).version,
    schema,
    async check(_urn, _olds, news) {
      return { inputs: news };
    },
    async diff() {
      return { changes: false };
    },
    async read(id) {
      const inputs = widget(id);
      return { id, inputs, props: { ...inputs, arn: `arn:fixture:widget/${id}` } };
    },
    async delete() {},
  },
  process.argv.slice(2),
);
