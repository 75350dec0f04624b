"""An AWS Proton platform (examples/platform in Python): the platform team's templates, one environment,
and a service with two instances and a pipeline deployed into it, on the provider plugin."""

import pulumi
import pulumi_aws_proton as proton

config = pulumi.Config()
# Proton names are unique per account and region: the prefix lets several stacks share one account.
prefix = config.get("prefix") or pulumi.get_stack()
bucket = config.get("templateBucket") or "proton-example-templates"
# A service instance input: changing it is a spec-only change, deployed with CURRENT_VERSION.
desired_count = config.get_int("desiredCount") or 1
account_id = config.get("accountId") or "123456789012"

env_template = proton.EnvironmentTemplate(
    "env-template",
    name=f"{prefix}-vpc",
    display_name="VPC environment",
    description="A shared VPC for services",
)

# The template bundles: local directories (../templates), packed, checked at preview, uploaded to S3.
env_bundle = proton.TemplateBundle(
    "env-bundle-v1", directory="../templates/vpc-environment/v1", bucket=bucket, create_bucket=True
)
service_bundle = proton.TemplateBundle(
    "service-bundle-v1", directory="../templates/web-service/v1", bucket=bucket, create_bucket=True
)

env_template_v1 = proton.EnvironmentTemplateVersion(
    "env-template-v1",
    template_name=env_template.name,
    description="First release",
    source=env_bundle.source,
)

service_template = proton.ServiceTemplate(
    "service-template",
    name=f"{prefix}-web-service",
    display_name="Load-balanced web service",
    description="A containerized web service with a CI/CD pipeline",
)

service_template_v1 = proton.ServiceTemplateVersion(
    "service-template-v1",
    template_name=service_template.name,
    description="First release",
    source=service_bundle.source,
    compatible_environment_templates=[
        {"template_name": env_template.name, "major_version": env_template_v1.major_version}
    ],
)

environment = proton.Environment(
    "dev",
    name=f"{prefix}-dev",
    description="Development environment",
    template_name=env_template.name,
    template_major_version=env_template_v1.major_version,
    template_minor_version=env_template_v1.minor_version,
    proton_service_role_arn=f"arn:aws:iam::{account_id}:role/ProtonServiceRole",
    spec="proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n",
)


def instance_spec(size: str) -> str:
    """An instance's own spec, reused below so the service spec and the instance resources agree."""
    return f"port: 8080\ndesired_count: {desired_count}\nsize: {size}\n"


def indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.rstrip().split("\n"))


service = proton.Service(
    "web",
    name=f"{prefix}-web",
    description="The storefront",
    # The template has a pipeline: Proton builds it from this source repository and branch.
    repository_connection_arn=f"arn:aws:codestar-connections:us-east-1:{account_id}:connection/example",
    repository_id="example-org/storefront",
    branch_name="main",
    template_name=service_template.name,
    template_major_version=service_template_v1.major_version,
    template_minor_version=service_template_v1.minor_version,
    spec=environment.name.apply(
        lambda env: "\n".join(
            [
                "proton: ServiceSpec",
                "pipeline:",
                "  unit_test_command: npm test",
                "instances:",
                "  - name: frontend",
                f"    environment: {env}",
                "    spec:",
                indent(instance_spec("small"), 6),
                "  - name: backend",
                f"    environment: {env}",
                "    spec:",
                indent(instance_spec("medium"), 6),
                "",
            ]
        )
    ),
)

# Proton creates the instances and the pipeline from the service spec; these resources adopt them,
# so later spec and version changes are deployed per instance.
frontend = proton.ServiceInstance(
    "frontend",
    name="frontend",
    service_name=service.name,
    environment_name=environment.name,
    spec=instance_spec("small"),
)

backend = proton.ServiceInstance(
    "backend",
    name="backend",
    service_name=service.name,
    environment_name=environment.name,
    spec=instance_spec("medium"),
)

pipeline = proton.ServicePipeline("pipeline", service_name=service.name, spec="unit_test_command: npm test\n")

pulumi.export("environmentTemplateArn", env_template.arn)
pulumi.export(
    "environmentTemplateVersion",
    pulumi.Output.concat(env_template_v1.major_version, ".", env_template_v1.minor_version),
)
pulumi.export("serviceTemplateArn", service_template.arn)
pulumi.export(
    "serviceTemplateVersion",
    pulumi.Output.concat(service_template_v1.major_version, ".", service_template_v1.minor_version),
)
pulumi.export("environmentArn", environment.arn)
pulumi.export("environmentDeploymentStatus", environment.deployment_status)
pulumi.export("serviceArn", service.arn)
pulumi.export("serviceStatus", service.status)
pulumi.export("instanceArns", {"frontend": frontend.arn, "backend": backend.arn})
pulumi.export(
    "instanceDeploymentStatuses",
    {"frontend": frontend.deployment_status, "backend": backend.deployment_status},
)
pulumi.export("pipelineArn", pipeline.arn)
pulumi.export("pipelineDeploymentStatus", pipeline.deployment_status)
