package main

import (
	"context"

	"pulumi-aws-proton/tools/internal/langhost"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// generators are the engine's Python generators, as the official host calls them.
var generators = langhost.Generators{
	Program: func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error) {
		return codegen.GenerateProgram(program)
	},
	Project: func(dir string, project workspace.Project, program *pcl.Program, localDeps map[string]string) error {
		// No typechecker or toolchain option, as the official host generates outside its conformance tests.
		return codegen.GenerateProject(dir, project, program, localDeps, "", "")
	},
	Package: func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader) (
		map[string][]byte, error,
	) {
		return codegen.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
	},
}

func (h *pythonHost) GenerateProgram(
	ctx context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return generators.GenerateProgram(ctx, req)
}

func (h *pythonHost) GenerateProject(
	ctx context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	return generators.GenerateProject(ctx, req)
}

func (h *pythonHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return generators.GeneratePackage(ctx, req)
}

func (h *pythonHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return langhost.Link(ctx, req)
}
