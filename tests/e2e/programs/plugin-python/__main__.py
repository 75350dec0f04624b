"""An explicit provider of the generated Python SDK in another region, an auto-named template, and a
read function served by the plugin as an invoke of that provider."""

import pulumi
import pulumi_aws_proton as proton

config = pulumi.Config()
eu = proton.Provider("eu", region="eu-west-1", endpoint=config.require("endpoint"), poll_interval_ms=50)

# No name: `eu-template-<7 hex of plugin-python/<stack>/eu-template>`, as every path chooses it.
template = proton.EnvironmentTemplate(
    "eu-template", description="in eu-west-1", opts=pulumi.ResourceOptions(provider=eu)
)
read = proton.get_environment_template_output(name=template.name, opts=pulumi.InvokeOutputOptions(provider=eu))

pulumi.export("name", template.name)
pulumi.export("arn", template.arn)
pulumi.export("readArn", read.arn)
