// Package langhosttest serves package schemas the way the engine does during code generation, so the
// language hosts' generators can be tested without the engine.
package langhosttest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	codegenrpc "github.com/pulumi/pulumi/sdk/v3/proto/go/codegen"
	"google.golang.org/grpc"
)

// FixtureSchema is a small package (resource, object type, enum, function) with nodejs and python
// language settings.
//
//go:embed fixture.json
var FixtureSchema []byte

// FixtureProgram is a PCL program over the fixture package: config, a resource with an object and
// an enum input, a function call and outputs.
//
//go:embed program.pp
var FixtureProgram string

// packages is a loader over already bound packages, by name (versions are not checked).
type packages map[string]*schema.Package

func (p packages) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return p.LoadPackageV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (p packages) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	ref, err := p.LoadPackageReferenceV2(ctx, d)
	if err != nil {
		return nil, err
	}
	return ref.Definition()
}

func (p packages) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	return p.LoadPackageReferenceV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (p packages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	if pkg, ok := p[d.Name]; ok {
		return pkg.Reference(), nil
	}
	return nil, fmt.Errorf("no schema for package %q in this test", d.Name)
}

// Bind binds a schema document, failing the test on any error.
func Bind(t testing.TB, document []byte) *schema.Package {
	t.Helper()
	var spec schema.PackageSpec
	if err := json.Unmarshal(document, &spec); err != nil {
		t.Fatalf("fixture schema: %v", err)
	}
	pkg, diags, err := schema.BindSpec(spec, packages{}, schema.ValidationOptions{})
	if err != nil || diags.HasErrors() {
		t.Fatalf("binding fixture schema: %v %v", err, diags)
	}
	return pkg
}

// ServeLoader starts a schema loader gRPC server for the given packages and returns its address, as
// the engine passes it in code generation requests (loader_target). It stops when the test ends.
func ServeLoader(t testing.TB, pkgs ...*schema.Package) string {
	t.Helper()
	byName := packages{}
	for _, pkg := range pkgs {
		byName[pkg.Name] = pkg
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := grpc.NewServer()
	codegenrpc.RegisterLoaderServer(srv, schema.NewLoaderServer(byName))
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}
