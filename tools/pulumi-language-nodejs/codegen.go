package main

import (
	"context"

	"pulumi-aws-proton/tools/internal/langhost"

	"github.com/hashicorp/hcl/v2"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// generators are the engine's TypeScript generators, as the official host calls them: programs for
// pulumi import and convert, projects for convert, SDKs for package gen-sdk.
var generators = langhost.Generators{
	Program: func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error) {
		return codegen.GenerateProgramWithOptions(program, codegen.ProgramOptions{Runtime: "nodejs"})
	},
	Project: func(dir string, project workspace.Project, program *pcl.Program, localDeps map[string]string) error {
		// forceTsc=false: the project runs through ts-node like any `pulumi new` TypeScript project.
		return codegen.GenerateProject(dir, project, program, localDeps, false, "nodejs")
	},
	Package: func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader) (
		map[string][]byte, error,
	) {
		return codegen.GeneratePackage("pulumi-language-nodejs", pkg, req.GetExtraFiles(), req.GetLocalDependencies(),
			req.GetLocal(), loader)
	},
}

func (h *nodeHost) GenerateProgram(
	ctx context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return generators.GenerateProgram(ctx, req)
}

func (h *nodeHost) GenerateProject(
	ctx context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	return generators.GenerateProject(ctx, req)
}

func (h *nodeHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return generators.GeneratePackage(ctx, req)
}

func (h *nodeHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return langhost.Link(ctx, req)
}
