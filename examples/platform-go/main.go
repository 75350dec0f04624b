// An AWS Proton platform (examples/platform in Go): the platform team's templates, one environment,
// and a service with two instances and a pipeline deployed into it, on the provider plugin.
package main

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"pulumi-aws-proton/sdk/go/proton"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// Proton names are unique per account and region: the prefix lets several stacks share one account.
		prefix := cfg.Get("prefix")
		if prefix == "" {
			prefix = ctx.Stack()
		}
		bucket := cfg.Get("templateBucket")
		if bucket == "" {
			bucket = "proton-example-templates"
		}
		// A service instance input: changing it is a spec-only change, deployed with CURRENT_VERSION.
		desiredCount := cfg.GetInt("desiredCount")
		if desiredCount == 0 {
			desiredCount = 1
		}
		accountID := cfg.Get("accountId")
		if accountID == "" {
			accountID = "123456789012"
		}
		// The template bundles: local directories (../templates), packed, checked at preview, uploaded to S3.
		bundle := func(name, directory string) (*proton.TemplateBundle, error) {
			return proton.NewTemplateBundle(ctx, name, &proton.TemplateBundleArgs{
				Directory:    pulumi.String("../templates/" + directory),
				Bucket:       pulumi.String(bucket),
				CreateBucket: pulumi.Bool(true),
			})
		}
		envBundle, err := bundle("env-bundle-v1", "vpc-environment/v1")
		if err != nil {
			return err
		}
		serviceBundle, err := bundle("service-bundle-v1", "web-service/v1")
		if err != nil {
			return err
		}

		envTemplate, err := proton.NewEnvironmentTemplate(ctx, "env-template", &proton.EnvironmentTemplateArgs{
			Name:        pulumi.String(prefix + "-vpc"),
			DisplayName: pulumi.String("VPC environment"),
			Description: pulumi.String("A shared VPC for services"),
		})
		if err != nil {
			return err
		}
		envTemplateV1, err := proton.NewEnvironmentTemplateVersion(ctx, "env-template-v1", &proton.EnvironmentTemplateVersionArgs{
			TemplateName: envTemplate.Name,
			Description:  pulumi.String("First release"),
			Source:       envBundle.Source,
		})
		if err != nil {
			return err
		}
		serviceTemplate, err := proton.NewServiceTemplate(ctx, "service-template", &proton.ServiceTemplateArgs{
			Name:        pulumi.String(prefix + "-web-service"),
			DisplayName: pulumi.String("Load-balanced web service"),
			Description: pulumi.String("A containerized web service with a CI/CD pipeline"),
		})
		if err != nil {
			return err
		}
		serviceTemplateV1, err := proton.NewServiceTemplateVersion(ctx, "service-template-v1", &proton.ServiceTemplateVersionArgs{
			TemplateName: serviceTemplate.Name,
			Description:  pulumi.String("First release"),
			Source:       serviceBundle.Source,
			CompatibleEnvironmentTemplates: proton.CompatibleEnvironmentTemplateArray{
				proton.CompatibleEnvironmentTemplateArgs{TemplateName: envTemplate.Name, MajorVersion: envTemplateV1.MajorVersion},
			},
		})
		if err != nil {
			return err
		}
		environment, err := proton.NewEnvironment(ctx, "dev", &proton.EnvironmentArgs{
			Name:                 pulumi.String(prefix + "-dev"),
			Description:          pulumi.String("Development environment"),
			TemplateName:         envTemplate.Name,
			TemplateMajorVersion: envTemplateV1.MajorVersion,
			TemplateMinorVersion: envTemplateV1.MinorVersion,
			ProtonServiceRoleArn: pulumi.String(fmt.Sprintf("arn:aws:iam::%s:role/ProtonServiceRole", accountID)),
			Spec:                 pulumi.String("proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.0.0.0/16\n"),
		})
		if err != nil {
			return err
		}

		// The instances' own specs, reused below so the service spec and the instance resources agree.
		instanceSpec := func(size string) string {
			return fmt.Sprintf("port: 8080\ndesired_count: %d\nsize: %s\n", desiredCount, size)
		}
		indent := func(text string) string {
			lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
			return "      " + strings.Join(lines, "\n      ")
		}
		service, err := proton.NewService(ctx, "web", &proton.ServiceArgs{
			Name:        pulumi.String(prefix + "-web"),
			Description: pulumi.String("The storefront"),
			// The template has a pipeline: Proton builds it from this source repository and branch.
			RepositoryConnectionArn: pulumi.String(fmt.Sprintf("arn:aws:codestar-connections:us-east-1:%s:connection/example", accountID)),
			RepositoryId:            pulumi.String("example-org/storefront"),
			BranchName:              pulumi.String("main"),
			TemplateName:            serviceTemplate.Name,
			TemplateMajorVersion:    serviceTemplateV1.MajorVersion,
			TemplateMinorVersion:    serviceTemplateV1.MinorVersion,
			Spec: environment.Name.ApplyT(func(env string) string {
				return strings.Join([]string{
					"proton: ServiceSpec",
					"pipeline:",
					"  unit_test_command: npm test",
					"instances:",
					"  - name: frontend",
					"    environment: " + env,
					"    spec:",
					indent(instanceSpec("small")),
					"  - name: backend",
					"    environment: " + env,
					"    spec:",
					indent(instanceSpec("medium")),
					"",
				}, "\n")
			}).(pulumi.StringOutput),
		})
		if err != nil {
			return err
		}

		// Proton creates the instances and the pipeline from the service spec; these resources adopt them.
		instances := map[string]*proton.ServiceInstance{}
		for name, size := range map[string]string{"frontend": "small", "backend": "medium"} {
			instance, err := proton.NewServiceInstance(ctx, name, &proton.ServiceInstanceArgs{
				Name:            pulumi.String(name),
				ServiceName:     service.Name,
				EnvironmentName: environment.Name,
				Spec:            pulumi.String(instanceSpec(size)),
			})
			if err != nil {
				return err
			}
			instances[name] = instance
		}
		pipeline, err := proton.NewServicePipeline(ctx, "pipeline", &proton.ServicePipelineArgs{
			ServiceName: service.Name,
			Spec:        pulumi.String("unit_test_command: npm test\n"),
		})
		if err != nil {
			return err
		}

		ctx.Export("environmentTemplateArn", envTemplate.Arn)
		ctx.Export("environmentTemplateVersion", pulumi.Sprintf("%s.%s", envTemplateV1.MajorVersion, envTemplateV1.MinorVersion))
		ctx.Export("serviceTemplateArn", serviceTemplate.Arn)
		ctx.Export("serviceTemplateVersion", pulumi.Sprintf("%s.%s", serviceTemplateV1.MajorVersion, serviceTemplateV1.MinorVersion))
		ctx.Export("environmentArn", environment.Arn)
		ctx.Export("environmentDeploymentStatus", environment.DeploymentStatus)
		ctx.Export("serviceArn", service.Arn)
		ctx.Export("serviceStatus", service.Status)
		ctx.Export("instanceArns", pulumi.StringMap{"frontend": instances["frontend"].Arn, "backend": instances["backend"].Arn})
		ctx.Export("pipelineArn", pipeline.Arn)
		ctx.Export("pipelineDeploymentStatus", pipeline.DeploymentStatus)
		return nil
	})
}
