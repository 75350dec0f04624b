package langhost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Generators are one language's code generators from the engine's codegen packages. The request
// handling around them (loading schemas through the loader the engine serves for the call, binding
// PCL, reporting diagnostics, writing files) is the same for every language and lives here.
type Generators struct {
	// Program generates a program's source files (pulumi import, pulumi convert).
	Program func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error)
	// Project writes a whole project (program, Pulumi.yaml, dependency files) into a directory.
	Project func(dir string, project workspace.Project, program *pcl.Program, localDependencies map[string]string) error
	// Package generates an SDK for a bound schema (pulumi package gen-sdk).
	Package func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader) (
		map[string][]byte, error)
}

// Both official hosts bind with output-versioned invokes preferred; so do we, so that generated
// code reads the same as theirs.
var bindOptions = []pcl.BindOption{pcl.PreferOutputVersionedInvokes}

func programBindOptions(strict bool) []pcl.BindOption {
	opts := append([]pcl.BindOption{}, bindOptions...)
	if !strict {
		// pulumi import asks for non-strict binding: generated code may reference parents or
		// providers that are not part of the generated program.
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	return opts
}

// withLoader connects to the schema loader the engine serves for this request. The client stays open
// for the whole call: bound programs and packages load referenced schemas lazily while generating.
func withLoader[T any](target string, f func(loader schema.ReferenceLoader) (T, error)) (T, error) {
	var zero T
	if target == "" {
		return zero, errors.New("the engine sent no schema loader address")
	}
	client, err := schema.NewLoaderClient(target)
	if err != nil {
		return zero, fmt.Errorf("connecting to the engine's schema loader: %w", err)
	}
	defer client.Close()
	return f(schema.NewCachedLoader(client))
}

// GenerateProgram binds the PCL sources and returns the program's files in this language.
func (g Generators) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return withLoader(req.GetLoaderTarget(), func(loader schema.ReferenceLoader) (*pulumirpc.GenerateProgramResponse, error) {
		parser := hclsyntax.NewParser()
		// Map order is random; parse in name order so diagnostics and output are deterministic.
		names := make([]string, 0, len(req.GetSource()))
		for name := range req.GetSource() {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if err := parser.ParseFile(strings.NewReader(req.GetSource()[name]), name); err != nil {
				return nil, fmt.Errorf("parsing %s: %w", name, err)
			}
		}
		if parser.Diagnostics.HasErrors() {
			return &pulumirpc.GenerateProgramResponse{
				Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
			}, nil
		}

		program, diags, err := pcl.BindProgram(parser.Files, loader, programBindOptions(req.GetStrict())...)
		// The binder also returns an error for what it reports as diagnostics (an unknown resource type);
		// the diagnostics say more, with source positions, so the engine gets those.
		if diags.HasErrors() || program == nil {
			if err != nil && !diags.HasErrors() {
				return nil, err
			}
			return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
		}
		if err != nil {
			return nil, err
		}
		files, genDiags, err := g.Program(program)
		if err != nil {
			return nil, err
		}
		return &pulumirpc.GenerateProgramResponse{
			Source:      files,
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(append(diags, genDiags...)),
		}, nil
	})
}

// GenerateProject binds the PCL directory and writes a complete project into the target directory.
func (g Generators) GenerateProject(
	_ context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	return withLoader(req.GetLoaderTarget(), func(loader schema.ReferenceLoader) (*pulumirpc.GenerateProjectResponse, error) {
		program, diags, err := pcl.BindDirectory(req.GetSourceDirectory(), loader, programBindOptions(req.GetStrict())...)
		if diags.HasErrors() {
			return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
		}
		if err != nil {
			return nil, err
		}
		var project workspace.Project
		if err := json.Unmarshal([]byte(req.GetProject()), &project); err != nil {
			return nil, fmt.Errorf("reading the project the engine sent: %w", err)
		}
		if err := g.Project(req.GetTargetDirectory(), project, program, req.GetLocalDependencies()); err != nil {
			return nil, err
		}
		return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	})
}

// GeneratePackage binds the schema in the request and writes the SDK into the request's directory.
func (g Generators) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return withLoader(req.GetLoaderTarget(), func(loader schema.ReferenceLoader) (*pulumirpc.GeneratePackageResponse, error) {
		var spec schema.PackageSpec
		if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
			return nil, fmt.Errorf("reading the schema the engine sent: %w", err)
		}
		// Dangling references are allowed as the official hosts do: other packages' types are loaded
		// through the loader when needed.
		pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
		if err != nil {
			return nil, err
		}
		if diags.HasErrors() {
			return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
		}
		files, err := g.Package(pkg, req, loader)
		if err != nil {
			return nil, err
		}
		if err := WriteFiles(req.GetDirectory(), files); err != nil {
			return nil, err
		}
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	})
}

// WriteFiles writes generated files (paths relative to dir, forward slashes) under dir.
func WriteFiles(dir string, files map[string][]byte) error {
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil { //nolint:gosec // generated sources are not secret
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}

// Link answers `pulumi convert` and `pulumi package add`, which ask the host to add local SDKs to
// the program's dependencies. Only the empty request (convert of a program whose packages are all
// plugins) is supported: adding SDKs to a program is done by hand in this repository.
func Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if len(req.GetPackages()) == 0 {
		return &pulumirpc.LinkResponse{}, nil
	}
	names := make([]string, 0, len(req.GetPackages()))
	for _, p := range req.GetPackages() {
		names = append(names, p.GetPackage().GetName()+" ("+p.GetPath()+")")
	}
	return nil, fmt.Errorf("linking local SDKs is not supported by this language host: add %s to the program's "+
		"dependencies by hand", strings.Join(names, ", "))
}
